// "Write Trained Weights into Spec": the new weights as text edits of the spec, so the editor applies them
// as one undoable edit. Each weight already written is replaced where it stands, laid out as it was (a [[2]]
// stays on one line, a matrix written one row per line stays so); comments and the rest of the file are kept.
// Pure (jsonc-parser only): tested without VS Code.
import { findNodeAtLocation, modify, parseTree, type Edit, type Node, type ParseError } from 'jsonc-parser';
import type { WeightValue } from '../engine/types';
import { formatWeightValue, formatWeights, type ValueLayout } from '../spec/formatWeights';

const PLACEHOLDER = '__unroll_weights__';

/** Edits that set model.weights (each weight in place, or the whole object when there is none), keeping the rest.
 *  None (never an exception) when the text is not a JSON object whose `model`, if present, is an object. */
export function weightsEdits(text: string, weights: Record<string, WeightValue>): Edit[] {
  if (!hasModelObjectOrNone(text)) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const root = parseTree(text, [], { allowTrailingComma: true });
  const object = root && findNodeAtLocation(root, ['model', 'weights']);
  const numbers = object?.type === 'object' && !object.children?.some((p) => p.children?.[0]?.value === 'file');
  return numbers ? inPlaceEdits(text, object, weights, eol) : wholeObjectEdits(text, weights, eol);
}

function inPlaceEdits(text: string, object: Node, weights: Record<string, WeightValue>, eol: string): Edit[] {
  const properties = object.children ?? [];
  const written = new Map(properties.map((p) => [String(p.children?.[0]?.value), p.children?.[1]]));
  // A name the trained model does not have: the object must become exactly the trained weights.
  if ([...written.keys()].some((name) => !Object.hasOwn(weights, name))) return wholeObjectEdits(text, weights, eol);
  const edits: Edit[] = [];
  for (const [name, value] of Object.entries(weights)) {
    const node = written.get(name);
    if (node) edits.push({ offset: node.offset, length: node.length, content: formatWeightValue(value, layoutOf(text, node, eol)) });
  }
  const missing = Object.entries(weights).filter(([name]) => !written.has(name));
  const last = properties[properties.length - 1];
  if (missing.length === 0) return edits;
  if (!last) return wholeObjectEdits(text, weights, eol);
  // New weights follow their siblings: on their own lines if the siblings are, multi-line if any sibling is.
  const ownLines = lineOf(text, object.offset) !== lineOf(text, last.offset);
  const indent = indentOf(text, last.offset);
  const anyMultiLine = properties.some((p) => p.children?.[1] && text.slice(p.children[1].offset, p.children[1].offset + p.children[1].length).includes('\n'));
  const separator = ownLines ? `,${eol}${indent}` : ', ';
  const added = missing.map(([name, value]) => {
    const multiLine = anyMultiLine && Array.isArray(value[0]) && value.length > 1;
    const layout: ValueLayout = { multiLine, itemIndent: `${indent}  `, closeIndent: indent, eol, separator: ', ' };
    return `${separator}${JSON.stringify(name)}: ${formatWeightValue(value, layout)}`;
  });
  edits.push({ offset: last.offset + last.length, length: 0, content: added.join('') });
  return edits;
}

/** How the value at `node` is written now, for its replacement. */
function layoutOf(text: string, node: Node, eol: string): ValueLayout {
  const written = text.slice(node.offset, node.offset + node.length);
  const multiLine = written.includes('\n');
  const first = node.children?.[0];
  const closeAt = node.offset + node.length - 1;
  // Inside a row (or a one-line value): a space after the comma or not, as the document has it.
  const separator = /,[^\s]/.test(written.replace(/,\s*\n/g, '')) && !/, /.test(written) ? ',' : ', ';
  return {
    multiLine,
    itemIndent: multiLine && first ? indentOf(text, first.offset) : '',
    closeIndent: multiLine ? indentOf(text, closeAt) : '',
    eol,
    separator,
  };
}

/** No weights object of numbers (only an init, or a checkpoint named): write a new one in its place. */
function wholeObjectEdits(text: string, weights: Record<string, WeightValue>, eol: string): Edit[] {
  const edits = modify(text, ['model', 'weights'], PLACEHOLDER, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol },
  });
  return edits.map((edit) => {
    const at = edit.content.indexOf(JSON.stringify(PLACEHOLDER));
    if (at < 0) return edit;
    const lineStart = edit.content.lastIndexOf('\n', at) + 1;
    const prefix = edit.content.slice(lineStart, at);
    const indent = /^\s*/.exec(prefix)?.[0] ?? '';
    // When the edit starts mid-line, the indentation is that of the line in the document.
    const effectiveIndent = lineStart === 0 ? indentOf(text, edit.offset) : indent;
    return { ...edit, content: edit.content.replace(JSON.stringify(PLACEHOLDER), formatWeights(weights, effectiveIndent, eol)) };
  });
}

function hasModelObjectOrNone(text: string): boolean {
  if (typeof text !== 'string') return false;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || root?.type !== 'object') return false;
  const model = findNodeAtLocation(root, ['model']);
  return model === undefined || model.type === 'object';
}

/** The whitespace that starts the line `offset` is on. */
function indentOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
