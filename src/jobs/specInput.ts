// A snapshot from the host, parsed in the worker: the files it carries are the only ones the parser may read.
import { fixesFor, parseSpecText } from '../spec/parse';
import { preloadedFiles, SpecFileError } from '../spec/files';
import type { ParsedSpec, ParseOptions, ParseResult, ProblemFix } from '../spec/types';
import type { FixMode } from '../spec/problems';
import { MAX_LISTED_PROBLEMS, type PreviewProblem } from '../protocol';
import type { SpecInvalid, SpecSnapshot } from './types';

function parseOptions(snapshot: SpecSnapshot, fixes: FixMode): ParseOptions {
  const files = new Map<string, Uint8Array | SpecFileError>();
  for (const [name, entry] of Object.entries(snapshot.files)) {
    files.set(name, entry instanceof Uint8Array ? entry : new SpecFileError(entry.refused, entry.message));
  }
  return { fileName: snapshot.fileName, readFile: preloadedFiles(files), fixes };
}

/** `fixes: 'lazy'` for the editor's diagnostics: each fix is worked out only when its quick fix is asked for. */
export function parseSnapshot(snapshot: SpecSnapshot, fixes: FixMode = 'eager'): ParseResult {
  return parseSpecText(snapshot.text, parseOptions(snapshot, fixes));
}

/** The quick fixes of one problem of a lazy parse of the same snapshot. */
export function snapshotFixes(snapshot: SpecSnapshot, fixKey: string): ProblemFix[] {
  return fixesFor(snapshot.text, fixKey, parseOptions(snapshot, 'lazy'));
}

/** The spec, or its errors: what a command, a banner or the problem list says about a spec that cannot run. */
export function runnableSpec(snapshot: SpecSnapshot): ParsedSpec | SpecInvalid {
  return specOrInvalid(parseSnapshot(snapshot), snapshot);
}

export function specOrInvalid(parsed: ParseResult, snapshot: Pick<SpecSnapshot, 'uri' | 'version'>): ParsedSpec | SpecInvalid {
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (parsed.spec && errors.length === 0) return parsed.spec;
  const shown = (errors.length > 0 ? errors : parsed.problems.slice(0, 1)).map((p): PreviewProblem => ({ message: p.message, line: p.line, column: p.column }));
  const problems = shown.length > 0 ? shown.slice(0, MAX_LISTED_PROBLEMS) : [{ message: 'The spec could not be read.', line: 1, column: 1 }];
  return {
    type: 'invalid',
    uri: snapshot.uri,
    version: snapshot.version,
    problem: problems[0],
    problemCount: Math.max(1, errors.length),
    problems,
  };
}

export function isInvalid(value: ParsedSpec | SpecInvalid): value is SpecInvalid {
  return (value as SpecInvalid).type === 'invalid';
}
