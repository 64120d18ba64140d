// Python source text from JavaScript values: number and string literals, and nested lists and dicts wrapped to
// a line width so that weights and data stay readable in the exported script.

/** Where long literals wrap. */
export const LINE_WIDTH = 110;

/** A float as Python reads it back bit for bit: JavaScript's shortest round-trip form is also a Python literal
 *  (0.1, 1e-7, 1.5e+21); the non-finite ones and −0 need spelling out. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return 'math.nan';
  if (x === Infinity) return 'math.inf';
  if (x === -Infinity) return '-math.inf';
  if (Object.is(x, -0)) return '-0.0';
  return String(x);
}

/** A JSON string literal is a Python string literal too (its escapes, \uXXXX included, mean the same). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

export type PyValue = number | string | boolean | null | PyValue[] | { [key: string]: PyValue };

/** A value on one line: numbers, strings (quoted), True/False/None, [lists] and {"dicts": ...}. */
export function pyInline(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyInline).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyString(k)}: ${pyInline(v)}`).join(', ')}}`;
}

/** A value laid out at column `column` of a line indented by `indent`: inline when it fits, else one element per
 *  line (indented one level more, the closing bracket back at `indent`), except lists of scalars or of short
 *  rows, which are packed into as few lines as fit. */
export function pyValue(value: PyValue, indent: number, column = indent, width = LINE_WIDTH): string {
  const inline = pyInline(value);
  if (column + inline.length <= width || value === null || typeof value !== 'object') return inline;
  const inner = indent + 4;
  const pad = ' '.repeat(inner);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.every(isPackable)) return `[\n${packed(value.map(pyInline), pad, width)}\n${close}]`;
    return `[\n${value.map((v) => `${pad}${pyValue(v, inner, inner, width)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => {
    const key = `${pyString(k)}: `;
    return `${pad}${key}${pyValue(v, inner, inner + key.length, width)},`;
  });
  return `{\n${entries.join('\n')}\n${close}}`;
}

/** `name = value`, wrapped. */
export function pyAssign(name: string, value: PyValue): string {
  return `${name} = ${pyValue(value, 0, name.length + 3)}`;
}

/** A scalar, or a short list of scalars (a row of a column vector, one step's inputs): packed several to a line. */
function isPackable(value: PyValue): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) && value.length <= 4 && value.every((v) => v === null || typeof v !== 'object');
}

function packed(items: string[], pad: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? `${pad}${item},` : `${line} ${item},`;
    if (line !== '' && next.length > width) {
      lines.push(line);
      line = `${pad}${item},`;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** `# …` lines wrapped at the line width, each paragraph of `text` starting a new line. */
export function pyComment(text: string, indent = 0, width = LINE_WIDTH): string {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = `${pad}#`;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line.length + 1 + word.length > width && line.length > pad.length + 1) {
        out.push(line);
        line = `${pad}#`;
      }
      line += ` ${word}`;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** A section title: a rule line that makes the script's parts easy to find. */
export function pySection(title: string): string {
  const head = `# ── ${title} `;
  return head + '─'.repeat(Math.max(3, 80 - head.length));
}

/** `name = "…"`, a long string cut into adjacent literals within the line width (Python joins them), never inside
 *  a character or an escape. */
export function pyAssignString(name: string, text: string, width = LINE_WIDTH): string {
  const room = width - 4 - 2; // indented four, and its quotes
  const pieces: string[] = [];
  let piece = '';
  for (const character of text) {
    if (piece !== '' && pyString(piece + character).length - 2 > room) {
      pieces.push(piece);
      piece = '';
    }
    piece += character;
  }
  if (piece !== '' || pieces.length === 0) pieces.push(piece);
  if (pieces.length === 1 && name.length + 3 + pyString(pieces[0]).length <= width) return `${name} = ${pyString(pieces[0])}`;
  return `${name} = (\n${pieces.map((p) => `    ${pyString(p)}`).join('\n')}\n)`;
}
