// The pipeline from .rnn.json text to an engine-ready spec: syntax → schema → semantic checks → data.
// Pure: no file system (data files come through options.readFile), no `vscode`, and never throws.
import type { LossSpec, Sequence, TextData, TrainingSpec } from '../engine/types';
import { csvSequences, type CsvSource } from './data/csv';
import { generatedSequences, type GenerateSource } from './data/generate';
import { inlineSequences } from './data/inline';
import { textSequences, type TextSource } from './data/text';
import { setPropertyFix } from './fixes';
import { JsonDocument, type DraftProblem, type JsonPath } from './jsonDocument';
import { LIMITS, LIMIT_REASONS } from './limits';
import { draftFixes, finishProblems, MAX_PROBLEMS } from './problems';
import { Reporter } from './report';
import { schemaProblems } from './schemaCheck';
import { resolveWeights, type RawModel } from './semantic/checkpointWeights';
import { checkModel, type ModelFacts } from './semantic/model';
import { checkMinibatch, type MinibatchFacts } from './semantic/minibatch';
import { checkLossAgainstModel, checkTraining, checkView } from './semantic/training';
import { usableModel } from './semantic/usableModel';
import { checkValidation } from './semantic/validation';
import { checkWork } from './semantic/work';
import { findExcessiveNesting, nestingProblem, syntaxProblems } from './syntax';
import type { DataSourceInfo, ParsedSpec, ParseOptions, ParseResult, ProblemFix, ViewSpec } from './types';

export const FORMAT_VERSION = 1;

/** The document as the schema promises it, once the schema has passed (sections may still be absent). */
interface RawSpec {
  version?: number;
  name?: string;
  description?: string;
  model?: RawModel;
  data?: { sequences?: Sequence[]; csv?: CsvSource; generate?: GenerateSource; text?: TextSource; validation?: number };
  loss?: Partial<LossSpec>;
  training?: TrainingSpec;
  view?: ViewSpec;
}

export function parseSpecText(text: string, options: ParseOptions = {}): ParseResult {
  const { spec, problems } = parseDrafts(text, options ?? {});
  const finished = finishProblems(problems, options?.fixes ?? 'eager');
  return spec ? { spec, problems: finished } : { problems: finished };
}

/**
 * The quick fixes of one problem of a parse made with `fixes: 'lazy'`: the same text and options (the same files)
 * are parsed again, and only this problem's fixes are computed. [] when the problem is gone or has none.
 */
export function fixesFor(text: string, fixKey: string, options: ParseOptions = {}): ProblemFix[] {
  return draftFixes(parseDrafts(text, options ?? {}).problems, fixKey);
}

/** The checks, with every problem's fixes still a recipe; never throws. */
function parseDrafts(text: string, options: ParseOptions): { spec?: ParsedSpec; problems: DraftProblem[] } {
  try {
    if (typeof text !== 'string') {
      return { problems: [JsonDocument.textOnly('').problem({ offset: 0, length: 0 }, { message: 'A spec must be text.', path: [], code: 'parse' })] };
    }
    return parseChecked(text, options);
  } catch (error) {
    // A bug, not a property of the input: still answer with a problem so the editor and CLI keep working.
    const message = error instanceof Error ? error.message : String(error);
    const document = JsonDocument.textOnly(typeof text === 'string' ? text : '');
    return { problems: [document.problem({ offset: 0, length: 0 }, { message: `Unroll could not check this file (internal error: ${message}). Please report this.`, path: [], code: 'internal' })] };
  }
}

function parseChecked(text: string, options: ParseOptions): { spec?: ParsedSpec; problems: DraftProblem[] } {
  if (text.length > LIMITS.documentChars) {
    const document = JsonDocument.textOnly(text);
    return {
      problems: [document.problem({ offset: 0, length: 0 }, {
        message: `This file has ${text.length.toLocaleString('en-US')} characters, over the limit of ${LIMITS.documentChars.toLocaleString('en-US')}: ${LIMIT_REASONS.documentChars}. Put large data in a csv file.`,
        path: [],
        code: 'limit',
      })],
    };
  }
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) return { problems: [nestingProblem(JsonDocument.textOnly(text), tooDeep)] };

  const { document, syntaxErrors } = JsonDocument.parse(text);
  if (syntaxErrors.length > 0 || !document.root) {
    return { problems: syntaxProblems(document, syntaxErrors) };
  }

  const reporter = new Reporter(document);
  const value = document.value();
  // Only MAX_PROBLEMS problems are shown: more of one kind are counted, not built (a hostile file has 150,000).
  const { duplicates, overflows } = document.repeatsAndOverflows(MAX_PROBLEMS);
  for (const duplicate of duplicates.found) {
    reporter.report(duplicate.path, {
      message: `"${duplicate.key}" is given more than once here; only the last one is used.`,
      code: 'duplicate-key',
      severity: 'warning',
      at: duplicate.range,
    });
  }
  if (duplicates.total > MAX_PROBLEMS) {
    const last = duplicates.found[duplicates.found.length - 1];
    reporter.report(last.path, { message: `…and ${duplicates.total - MAX_PROBLEMS} more keys given more than once after this one.`, code: 'more', severity: 'warning', at: last.range });
  }
  for (const { node, path } of overflows.found) {
    const written = node.length > 40 ? `${text.slice(node.offset, node.offset + 37)}...` : text.slice(node.offset, node.offset + node.length);
    reporter.report(path, { message: `${written} is too large to be a number here: it overflows to ${node.value}. Use a finite number.`, code: 'number' });
  }
  if (overflows.total > MAX_PROBLEMS) {
    const last = overflows.found[overflows.found.length - 1];
    reporter.report(last.path, { message: `…and ${overflows.total - MAX_PROBLEMS} more numbers that overflow after this one.`, code: 'more' });
  }

  const schema = schemaProblems(document, value, countNodes(text));
  reporter.problems.push(...schema);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problems: reporter.problems };
  const raw = value as RawSpec;

  if (raw.version === undefined) {
    reporter.report([], {
      message: `This file does not say which format version it uses; Unroll reads it as version ${FORMAT_VERSION}. Add "version": ${FORMAT_VERSION}.`,
      code: 'version',
      severity: 'info',
      at: { offset: document.root.offset, length: 1 },
      fixes: () => [setPropertyFix(document, `Add "version": ${FORMAT_VERSION}`, ['version'], FORMAT_VERSION)],
    });
  }

  // Sections the schema complained about are skipped: their checks would only repeat the same complaint. The model
  // is the exception: with sound sizes it goes on without its refused parts, so the data is checked against it.
  const dirty = new Set(reporter.problems.filter((p) => p.severity === 'error').map((p) => String(p.path[0] ?? '')));
  if (dirty.has('')) return { problems: reporter.problems };
  const clean = (...sections: string[]) => sections.every((s) => !dirty.has(s));

  // A text trains the next character at every step: that is its default loss (and the only one it accepts).
  const isText = raw.data?.text !== undefined;
  const loss: LossSpec = { type: raw.loss?.type ?? (isText ? 'cross-entropy' : 'mse'), on: raw.loss?.on ?? (isText ? 'all' : 'last') };
  const usable = raw.model ? usableModel(raw.model, schema) : undefined;
  const resolved = usable ? resolveWeights(reporter, usable.model, options.readFile) : undefined;
  const refusedWeights = usable?.refusedWeights === 'all' ? undefined : usable?.refusedWeights;
  const facts = resolved ? checkModel(reporter, resolved.model, { fromCheckpoint: resolved.source !== undefined, refusedWeights }) : undefined;
  if (facts && clean('loss')) checkLossAgainstModel(reporter, loss, facts.model);

  let data: BuiltData | undefined;
  if (facts && raw.data && clean('loss', 'data')) {
    data = buildData(reporter, raw.data, facts, loss, options);
  }
  const longest = data ? Math.max(0, ...data.sequences.map((s) => s.inputs.length)) : 0;
  // A text's sequences are counted in its source: spec.data.sequences holds only the preview's first ones.
  const total = data ? (data.source.kind === 'text' ? data.source.sequences : data.sequences.length) : 0;
  const validation = data ? checkValidation(reporter, raw.data?.validation, total) : undefined;
  const training = clean('training') ? checkTraining(reporter, raw.training, longest) : undefined;
  if (facts && data && training && validation !== undefined) {
    checkMinibatch(reporter, training, minibatchFacts(raw.data ?? {}, data, facts, total - validation));
  }
  const view = clean('view') ? checkView(reporter, raw.view, data?.sequences.length ?? 0) : undefined;

  if (reporter.hasErrors() || !facts || !data || !training) return { problems: reporter.problems };
  const spec: ParsedSpec = {
    version: raw.version ?? FORMAT_VERSION,
    name: raw.name ?? nameFromFile(options.fileName),
    model: facts.model,
    data: { sequences: data.sequences, ...(data.text ? { text: data.text } : {}), ...(validation ? { validation } : {}) },
    loss,
    training,
    source: data.source,
  };
  if (validation && raw.data?.validation !== undefined && raw.data.validation < 1) spec.validationFraction = raw.data.validation;
  if (raw.description !== undefined) spec.description = raw.description;
  if (view) spec.view = view;
  if (resolved?.source) spec.weightsSource = resolved.source;
  return { spec, problems: reporter.problems };
}

/** The data's shape as the minibatch check sees it: a text's windows all have the same length. */
function minibatchFacts(raw: NonNullable<RawSpec['data']>, data: BuiltData, facts: ModelFacts, training: number): MinibatchFacts {
  const lengths = data.sequences.map((s) => s.inputs.length).sort((a, b) => b - a);
  const longest = lengths[0] ?? 0;
  const isText = data.source.kind === 'text';
  return {
    training,
    longest,
    stepCost: facts.stepCost,
    dataPath: ['data', Object.keys(raw).find((key) => key !== 'validation') ?? 'sequences'],
    stepsOfLongest: (size) => (isText ? size * longest : lengths.slice(0, size).reduce((sum, n) => sum + n, 0)),
  };
}

interface BuiltData {
  sequences: Sequence[];
  source: DataSourceInfo;
  text?: TextData;
}

function buildData(
  reporter: Reporter,
  raw: NonNullable<RawSpec['data']>,
  facts: ModelFacts,
  loss: LossSpec,
  options: ParseOptions,
): BuiltData | undefined {
  if (raw.text) return textSequences(reporter, raw.text, facts, loss, options.readFile);
  if (raw.csv) return csvSequences(reporter, raw.csv, facts, loss, options.readFile);
  if (raw.generate) return generatedSequences(reporter, raw.generate, facts, loss);
  if (!raw.sequences) return undefined;
  const path: JsonPath = ['data', 'sequences'];
  const totalSteps = raw.sequences.reduce((sum, s) => sum + s.inputs.length, 0);
  if (!checkWork(reporter, path, raw.sequences.length, totalSteps, facts.stepCost)) return undefined;
  return { sequences: inlineSequences(reporter, raw.sequences, facts, loss), source: { kind: 'sequences' } };
}

/** "prices" for ".../prices.rnn.json". */
function nameFromFile(fileName: string | undefined): string {
  if (!fileName) return 'untitled';
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.rnn\.json$/i, '').replace(/\.json$/i, '') || 'untitled';
}

/** A cheap upper bound on the number of JSON values, to decide how many schema errors are worth collecting. */
function countNodes(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */ || c === 91 /* [ */ || c === 123 /* { */) count++;
  }
  return count;
}
