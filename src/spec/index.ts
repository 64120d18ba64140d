// The spec layer: a .rnn.json text in, an engine-ready spec and located problems out.
// parseSpec is pure apart from reading data files, which by default happens through node's fs only when a baseDir is given;
// code that must not touch node (a browser) imports parseSpecText from './parse' and passes its own readFile.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LIMITS } from './limits';
import { parseSpecText } from './parse';
import type { DataFileReader, ParseOptions, ParseResult } from './types';

export type { DataFileReader, DataSourceInfo, ParsedSpec, ParseOptions, ParseResult, Problem, ProblemFix, Severity, ViewSpec } from './types';
export { FORMAT_VERSION, parseSpecText } from './parse';
export { LIMITS, LIMIT_REASONS } from './limits';
export { SPEC_SCHEMA } from './schemaCheck';
export { scalarGradientFactor, nonlinearitySlope, type GradientFactor, type GradientFactorInput } from './closedForm';
export { applyFix } from './applyFix';

export function parseSpec(text: string, options: ParseOptions = {}): ParseResult {
  const readFile = options?.readFile ?? (options?.baseDir !== undefined ? nodeFileReader(options.baseDir) : undefined);
  return parseSpecText(text, { ...options, readFile });
}

/** Read and parse a spec file; a file that cannot be read is a problem, not an exception. */
export function parseSpecFile(path: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { problems: [{ message: `Cannot read ${path}: ${reason}.`, severity: 'error', offset: 0, length: 0, line: 1, column: 1, path: [], code: 'file' }] };
  }
  return parseSpec(text, { baseDir: dirname(resolve(path)), fileName: path });
}

/** Data files relative to `baseDir` (absolute paths as they are), refusing files over the size limit before reading them. */
export function nodeFileReader(baseDir: string): DataFileReader {
  return (file: string) => {
    const full = isAbsolute(file) ? file : resolve(baseDir, file);
    const size = statSync(full).size;
    if (size > LIMITS.csvBytes) throw Object.assign(new Error(`${file} is too large`), { code: 'EFBIG' });
    return readFileSync(full, 'utf8');
  };
}
