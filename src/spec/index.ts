// The spec layer: a .rnn.json text in, an engine-ready spec and located problems out.
// parseSpec is pure apart from reading data files, which by default happens through node's fs only when a baseDir is given;
// code that must not touch node (a browser) imports parseSpecText from './parse' and passes its own readFile.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkFileAccess, isInsideFolder } from './fileAccess';
import { fixesFor as fixesForText, parseSpecText } from './parse';
import { LIMITS } from './limits';
import { SpecFileError } from './files';
import type { DataFileReader, ParseOptions, ParseResult, ProblemFix } from './types';

export type { DataFileReader, DataSourceInfo, WeightsSourceInfo, ParsedSpec, ParseOptions, ParseResult, Problem, ProblemFix, Severity, ViewSpec } from './types';
export { FORMAT_VERSION, parseSpecText } from './parse';
export { SpecFileError, decodeStrictText, decodeText, preloadedFiles, textFiles, type SpecFileErrorCode } from './files';
export { checkFileAccess, isInsideFolder, resolvePath, type AccessDecision, type FilePlace } from './fileAccess';
export { MAX_PROBLEMS, problemKey, type FixMode } from './problems';
export { LIMITS, LIMIT_REASONS, TRAINING_LIMITS, TRAINING_LIMIT_REASONS } from './limits';
export { characterLabel } from './data/vocabulary';
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
  const readFile = options?.readFile ?? (options?.baseDir !== undefined ? nodeFileReader(options.baseDir, options.fileAccess) : undefined);
  return { ...options, readFile };
}

/** Read and parse a spec file; a file that cannot be read is a problem, not an exception. Data files may come from anywhere. */
export function parseSpecFile(path: string): ParseResult {
  let text: string;
  try {
    text = readSpecText(path);
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    const reason = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { problems: [{ message: `Cannot read ${path}: ${reason}.`, severity: 'error', offset: 0, length: 0, line: 1, column: 1, path: [], code: 'file' }] };
  }
  return parseSpec(text, { baseDir: dirname(resolve(path)), fileName: path, fileAccess: { allowOutside: true } });
}

/** A spec file's text, read like a data file: a regular file, and no more bytes than a spec may have characters × 4. */
export function readSpecText(path: string): string {
  const maxBytes = 4 * LIMITS.documentChars;
  const bytes = readRegularFile(path, maxBytes, path);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * The node reader of data files: relative to `baseDir`, inside `access.root` (default: baseDir) unless
 * `access.allowOutside` (the rule is fileAccess.ts's). Only regular files, checked on the open handle; at most
 * `maxBytes` read whatever the file claims to be. Throws a SpecFileError or a node error with a `code`.
 */
export function nodeFileReader(baseDir: string, access: { root?: string; allowOutside?: boolean } = {}): DataFileReader {
  const place = { baseDir, root: access.root ?? baseDir, allowOutside: access.allowOutside ?? false };
  return (file: string, maxBytes: number) => {
    const decision = checkFileAccess(file, place, (path) => realpathSync.native(path));
    if (!decision.ok) throw new SpecFileError('EOUTSIDE', `${file} is outside ${place.root}`);
    const stillInside = place.allowOutside ? undefined : (fd: number) => openedInside(fd, decision.path, realpathSync.native(place.root));
    return readRegularFile(decision.path, maxBytes, file, stillInside);
  };
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused right after, by fstat).
// O_NOCTTY: opening a terminal device must not make it this process's controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

function readRegularFile(path: string, maxBytes: number, name: string, stillInside?: (fd: number) => boolean): Uint8Array {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    // The kind is read from the open handle, not the path: a file swapped for a device after a check cannot slip through.
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SpecFileError('EISDIR', `${name} is a folder`);
    if (!stat.isFile()) throw new SpecFileError('ENOTFILE', `${name} is not a regular file`);
    if (stillInside && !stillInside(fd)) throw new SpecFileError('EOUTSIDE', `${name} moved outside the folder while it was opened`);
    return readAtMost(fd, maxBytes, name, stat.size);
  } finally {
    closeSync(fd);
  }
}

/** Up to maxBytes + 1 bytes (one more proves the file too large), whatever size the file reported. */
function readAtMost(fd: number, maxBytes: number, name: string, sizeHint: number): Uint8Array {
  let buffer = new Uint8Array(Math.min(Math.max(sizeHint, CHUNK), maxBytes + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) break;
      const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  if (length > maxBytes) throw new SpecFileError('EFBIG', `${name} is too large`);
  return buffer.subarray(0, length);
}

/** The open file is inside the root: its path as the kernel knows it (Linux), else the same file as the checked path. */
function openedInside(fd: number, checkedPath: string, realRoot: string): boolean {
  try {
    return isInsideFolder(readlinkSync(`/proc/self/fd/${fd}`), realRoot);
  } catch {
    const opened = fstatSync(fd);
    const now = statSync(realpathSync.native(checkedPath));
    return opened.dev === now.dev && opened.ino === now.ino && isInsideFolder(realpathSync.native(checkedPath), realRoot);
  }
}
