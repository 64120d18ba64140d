// The parser's contract, checked by the fuzz tests: a spec xor errors, and every problem located inside the text.
import type { ParseResult } from '../../../../src/spec/types';

/** Why `result` breaks the parser's contract for `text`, or undefined if it keeps it. */
export function contractViolation(text: string, result: ParseResult): string | undefined {
  if (!result || !Array.isArray(result.problems)) return 'no problems array';
  const errorCount = result.problems.filter((p) => p.severity === 'error').length;
  if (result.spec && errorCount > 0) return 'a spec together with errors';
  if (!result.spec && errorCount === 0) return 'neither a spec nor an error';
  const position = positions(text);
  for (const p of result.problems) {
    if (!Number.isInteger(p.offset) || !Number.isInteger(p.length) || p.offset < 0 || p.length < 0 || p.offset + p.length > text.length) {
      return `range [${p.offset}, +${p.length}) outside a document of ${text.length}: ${p.message}`;
    }
    const { line, column } = position(p.offset);
    if (p.line !== line || p.column !== column) return `line/column ${p.line}:${p.column} but offset ${p.offset} is ${line}:${column}`;
    if (!Array.isArray(p.path) || typeof p.code !== 'string' || p.code === '' || typeof p.message !== 'string' || p.message === '') return `malformed problem ${JSON.stringify(p)}`;
    if (p.code === 'internal') return `internal error: ${p.message}`;
    for (const fix of p.fixes ?? []) {
      if (typeof fix.title !== 'string' || fix.title === '') return `a fix without a title on "${p.message}"`;
      for (const edit of fix.edits) {
        if (edit.offset < 0 || edit.length < 0 || edit.offset + edit.length > text.length || typeof edit.newText !== 'string') return `fix "${fix.title}" edits outside the document`;
      }
    }
  }
  return undefined;
}

/** 1-based line and column of an offset, counting \r\n, \r and \n as line ends (as editors do). */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}
