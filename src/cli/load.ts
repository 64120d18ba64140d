// Read a spec file and turn it into an engine-ready spec or a list of located problems — never an exception.
// The CLI reads data files from anywhere the spec names: a user runs it on purpose, on a spec they chose.
import { dirname, resolve } from 'node:path';
import { parseSpec, readSpecText } from '../spec/index';
import type { ParsedSpec, Problem } from '../spec/types';
import type { Io } from './io';

export type Loaded = { ok: true; spec: ParsedSpec; problems: Problem[] } | { ok: false; problems: Problem[] };

export function loadSpec(file: string): Loaded {
  let text: string;
  try {
    text = readSpecText(file);
  } catch (error) {
    return { ok: false, problems: [fileProblem(describeFsError(error))] };
  }
  const result = parseSpec(text, { baseDir: dirname(resolve(file)), fileName: file, fileAccess: { allowOutside: true } });
  const problems = [...result.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  if (result.spec && !problems.some((p) => p.severity === 'error')) return { ok: true, spec: result.spec, problems };
  if (!problems.some((p) => p.severity === 'error')) {
    // The parser's contract is "spec present ⇔ no errors"; if it ever breaks that, still say something useful.
    problems.push(fileProblem('the spec could not be read (no problem was reported)'));
  }
  return { ok: false, problems };
}

/** What every command that runs a spec does first: load it, print its warnings and errors to stderr as
 *  `file:line:column`, and hand back the spec, or undefined when it cannot run (the command exits with usage). */
export function loadSpecReporting(io: Io, file: string): ParsedSpec | undefined {
  const loaded = loadSpec(file);
  for (const problem of loaded.problems) if (problem.severity !== 'info') io.err(formatProblem(file, problem) + '\n');
  return loaded.ok ? loaded.spec : undefined;
}

/** `file:line:column: severity: message`, as compilers print it so terminals and editors can jump to it. */
export function formatProblem(file: string, problem: Problem): string {
  const where = problem.code === 'file' && problem.line <= 0 ? file : `${file}:${problem.line}:${problem.column}`;
  return `${where}: ${problem.severity}: ${problem.message}`;
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

function fileProblem(message: string): Problem {
  return { message, severity: 'error', offset: 0, length: 0, line: 0, column: 0, path: [], code: 'file' };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read file: no such file or directory';
    case 'EISDIR':
      return 'cannot read file: it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read file: permission denied';
    case 'ENOTFILE':
      return 'cannot read file: it is not a regular file (a device, a pipe or a socket)';
    case 'EFBIG':
      return 'cannot read file: it is far larger than a spec may be';
    default:
      return `cannot read file: ${error instanceof Error ? error.message : String(error)}`;
  }
}
