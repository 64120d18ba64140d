// The spec layer: a .rnn.json text in, an engine-ready spec and located problems out.
// parseSpec is pure apart from reading data files, which by default happens through node's fs only when a baseDir is given;
// code that must not touch node (a browser) imports parseSpecText from './parse' and passes its own readFile.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fixesFor as fixesForText, parseSpecText } from './parse';
import { SpecFileError } from './files';
import type { DataFileReader, ParseOptions, ParseResult, ProblemFix } from './types';

export type { DataFileReader, DataSourceInfo, ParsedSpec, ParseOptions, ParseResult, Problem, ProblemFix, Severity, ViewSpec } from './types';
export { MAX_PROBLEMS, problemKey, type FixMode } from './problems';
export { FORMAT_VERSION, parseSpecText } from './parse';
export { SpecFileError, decodeText, preloadedFiles, textFiles, type SpecFileErrorCode } from './files';
export { LIMITS, LIMIT_REASONS } from './limits';
export { SPEC_SCHEMA } from './schemaCheck';
export { scalarGradientFactor, nonlinearitySlope, type GradientFactor, type GradientFactorInput } from './closedForm';
export { applyFix } from './applyFix';

export function parseSpec(text: string, options: ParseOptions = {}): ParseResult {
  return parseSpecText(text, withReader(options));
}

/** The quick fixes of the problem whose `fixKey` a parse with `fixes: 'lazy'` gave; the same text and options. */
export function fixesFor(text: string, fixKey: string, options: ParseOptions = {}): ProblemFix[] {
  return fixesForText(text, fixKey, withReader(options));
}

function withReader(options: ParseOptions): ParseOptions {
  const readFile = options?.readFile ?? (options?.baseDir !== undefined ? nodeFileReader(options.baseDir) : undefined);
  return { ...options, readFile };
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

/** Data files relative to `baseDir` (absolute paths as they are), refusing files over the byte limit before reading them. */
export function nodeFileReader(baseDir: string): DataFileReader {
  return (file: string, maxBytes: number) => {
    const full = isAbsolute(file) ? file : resolve(baseDir, file);
    const fd = openSync(full, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > maxBytes) throw new SpecFileError('EFBIG', `${file} is too large`);
      const bytes = new Uint8Array(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, bytes, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return bytes.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  };
}
