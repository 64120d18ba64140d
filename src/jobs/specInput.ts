// A snapshot from the host, parsed in the worker: the files it carries are the only ones the parser may read.
import { parseSpecText } from '../spec/parse';
import { preloadedFiles, SpecFileError } from '../spec/files';
import type { ParsedSpec, ParseResult } from '../spec/types';
import type { SpecInvalid, SpecSnapshot } from './types';

export function parseSnapshot(snapshot: SpecSnapshot): ParseResult {
  const files = new Map<string, Uint8Array | SpecFileError>();
  for (const [name, entry] of Object.entries(snapshot.files)) {
    files.set(name, entry instanceof Uint8Array ? entry : new SpecFileError(entry.refused, entry.message));
  }
  return parseSpecText(snapshot.text, { fileName: snapshot.fileName, readFile: preloadedFiles(files) });
}

/** The spec, or its first error and how many there are: what a command or a banner says about a spec that cannot run. */
export function runnableSpec(snapshot: SpecSnapshot): ParsedSpec | SpecInvalid {
  return specOrInvalid(parseSnapshot(snapshot), snapshot);
}

export function specOrInvalid(parsed: ParseResult, snapshot: Pick<SpecSnapshot, 'uri' | 'version'>): ParsedSpec | SpecInvalid {
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (parsed.spec && errors.length === 0) return parsed.spec;
  const first = errors[0] ?? parsed.problems[0];
  return {
    type: 'invalid',
    uri: snapshot.uri,
    version: snapshot.version,
    problem: first ? { message: first.message, line: first.line, column: first.column } : { message: 'The spec could not be read.', line: 1, column: 1 },
    problemCount: Math.max(1, errors.length),
  };
}

export function isInvalid(value: ParsedSpec | SpecInvalid): value is SpecInvalid {
  return (value as SpecInvalid).type === 'invalid';
}
