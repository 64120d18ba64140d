// The spec layer's contract: a .rnn.json text in, an engine-ready spec and problems with exact ranges out.
// No `vscode` import: the CLI, tests and the extension host all use it.
import type { EngineSpec } from '../engine/types';
import type { DataFileReader } from './files';
import type { FixMode } from './problems';

export type { DataFileReader } from './files';

export type Severity = 'error' | 'warning' | 'info';

/** A quick fix: replace [offset, offset+length) of the document with `newText`. */
export interface ProblemFix {
  title: string;
  edits: { offset: number; length: number; newText: string }[];
}

export interface Problem {
  message: string;
  severity: Severity;
  /** Character range of the offending value (or key) in the document text. */
  offset: number;
  length: number;
  /** 1-based, for CLI messages ("file:line:column") */
  line: number;
  column: number;
  /** JSON path of the offending value, e.g. ["model", "weights", "weight_hh_l0"] */
  path: (string | number)[];
  /** stable machine-readable code, e.g. 'parse', 'schema', 'shape', 'limit', 'file' */
  code: string;
  /** quick fixes, when the parse computed them (the default, `fixes: 'eager'`) */
  fixes?: ProblemFix[];
  /** With `fixes: 'lazy'`: this problem may have quick fixes; fixesFor(text, fixKey, same options) computes them. */
  fixKey?: string;
}

/** View defaults stored in the spec (`view` section). */
export interface ViewSpec {
  sequence?: number;
  vanishingThreshold?: number;
  explodingThreshold?: number;
  /** the gradient chart's value axis */
  scale?: 'log' | 'linear';
  /** words for input values, shown under the inputs in the diagram: { "0": "low", "0.5": "medium", "1": "high" } */
  inputLabels?: Record<string, string>;
}

/** Where `data.sequences` came from, with what a view needs to show the data in its own units. */
export type DataSourceInfo =
  | { kind: 'sequences' }
  | {
      kind: 'csv';
      /** as written in the spec */
      file: string;
      columns: string[];
      targetColumns: string[];
      /** data rows in the file (the header row not counted) */
      rows: number;
      window: number;
      horizon: number;
      stride: number;
      scaling: 'none' | 'minmax' | 'zscore';
      /** per column: scaled = (raw − offset) / scale; raw = scaled · scale + offset */
      transforms: Record<string, { offset: number; scale: number }>;
      /** 0-based data row of each sequence's first step */
      firstRow: number[];
      /** the field separator found in the file (papaparse guesses it: comma, tab, semicolon, pipe …) */
      delimiter: string;
    }
  | {
      kind: 'generate';
      length: number;
      count: number;
      /** the formulas as written: one per input, and the target formula(s) (`target` or `targets`, per loss.on) */
      inputs: string[];
      targets: string[];
    }
  | {
      kind: 'text';
      /** as written in the spec; absent for inline text */
      file?: string;
      /** characters (Unicode code points) in the text, after a file's line endings became "\n" */
      characters: number;
      /** the distinct characters sorted by code point: one-hot input j and output class j are vocabulary[j] */
      vocabulary: string[];
      window: number;
      stride: number;
      /** sequences in the whole text, which training reads (spec.data.text) */
      sequences: number;
      /** how many of the first ones are in spec.data.sequences: what the preview and `unroll grad` run on */
      previewSequences: number;
      /** per preview sequence, its window + 1 characters: step t reads windows[s][t] and predicts windows[s][t + 1] */
      windows: string[][];
      /** per preview sequence, the position of its first character in the text (k · stride) */
      firstCharacter: number[];
    };

/** Where model.weights came from when the spec names a checkpoint instead of holding numbers. */
export interface WeightsSourceInfo {
  kind: 'checkpoint';
  /** as written in the spec */
  file: string;
  format: 'pytorch' | 'safetensors';
  /** the recurrent module's and the head's key prefixes (as given, or the only candidates); no head = fc from init */
  prefix: string;
  head?: string;
}

export interface ParsedSpec extends EngineSpec {
  version: number;
  name: string;
  description?: string;
  view?: ViewSpec;
  source?: DataSourceInfo;
  /** data.validation as written when it is a fraction (data.validation holds the count it gave): what an exported
   *  script recomputes the count from when its data file has changed */
  validationFraction?: number;
  weightsSource?: WeightsSourceInfo;
}

export interface ParseResult {
  /** Present only when there are no errors (warnings are allowed). */
  spec?: ParsedSpec;
  problems: Problem[];
}


export interface ParseOptions {
  /** Folder that relative data files (CSV) resolve against; absent = no file access (e.g. in a browser). */
  baseDir?: string;
  fileName?: string;
  /** Overrides how data files are read (tests, browsers, unsaved documents). Default: node fs under baseDir. */
  readFile?: DataFileReader;
  /**
   * For the default node reader only: where files may come from (see fileAccess.ts). `root` is the folder they
   * must be inside (default: baseDir); `allowOutside` lifts that (the CLI, a trusted workspace).
   */
  fileAccess?: { root?: string; allowOutside?: boolean };
  /** 'eager' (default): every kept problem carries its `fixes`. 'lazy': a `fixKey` instead, for fixesFor(). */
  fixes?: FixMode;
}
