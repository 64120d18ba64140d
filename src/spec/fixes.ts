// Quick fixes as text edits that touch as little as possible: an added property goes after its last sibling
// with the siblings' indentation, a removed one takes its comma with it, and the rest of the file stays as written.
// Each fix costs lookups in the document's index and a look at one line, never a scan of the whole text: the
// text's line ending and indentation unit are found once per document.
import type { Node } from './jsonc';
import type { JsonDocument, JsonPath, TextRange } from './jsonDocument';
import type { ProblemFix } from './types';

export function replaceFix(title: string, range: TextRange, newText: string): ProblemFix {
  return { title, edits: [{ offset: range.offset, length: range.length, newText }] };
}

/** Set the property at `path` to `value`: replace its value if present, else add it (and any missing parent objects). */
export function setPropertyFix(document: JsonDocument, title: string, path: JsonPath, value: unknown): ProblemFix | undefined {
  const existing = document.nodeAt(path);
  if (existing && document.propertyAt(path)) {
    return replaceFix(title, existing, formatValue(document, value, lineIndent(document, document.propertyAt(path)!.offset)));
  }
  // Walk up to the nearest object that exists; everything below it is added as one nested value.
  let depth = path.length - 1;
  let nested: unknown = value;
  while (depth > 0 && !document.nodeAt(path.slice(0, depth))) {
    const key = path[depth];
    if (typeof key !== 'string') return undefined;
    nested = { [key]: nested };
    depth--;
  }
  const key = path[depth];
  const parent = document.nodeAt(path.slice(0, depth));
  if (typeof key !== 'string' || parent?.type !== 'object') return undefined;
  return insertPropertyFix(document, title, parent, key, nested);
}

export function removePropertyFix(document: JsonDocument, title: string, path: JsonPath): ProblemFix | undefined {
  const property = document.propertyAt(path);
  const parent = property?.parent;
  if (!property || !parent?.children) return undefined;
  const siblings = parent.children;
  const index = document.positionOf(property);
  if (siblings.length === 1) return replaceFix(title, { offset: parent.offset + 1, length: parent.length - 2 }, '');
  if (index < siblings.length - 1) {
    const next = siblings[index + 1];
    return replaceFix(title, { offset: property.offset, length: next.offset - property.offset }, '');
  }
  const previous = siblings[index - 1];
  const start = previous.offset + previous.length;
  return replaceFix(title, { offset: start, length: property.offset + property.length - start }, '');
}

/** Replace the property at `path` (key and value) with `"newKey": value`, keeping its place in the object. */
export function replacePropertyFix(document: JsonDocument, title: string, path: JsonPath, newKey: string, value: unknown): ProblemFix | undefined {
  const property = document.propertyAt(path);
  if (!property) return undefined;
  return replaceFix(title, property, `${JSON.stringify(newKey)}: ${formatValue(document, value, lineIndent(document, property.offset))}`);
}

function insertPropertyFix(document: JsonDocument, title: string, object: Node, key: string, value: unknown): ProblemFix {
  return insertPropertiesFix(document, title, object, [[key, value]]);
}

/** Add properties at the end of `object` (at `path`), in the order given, each laid out as insertPropertyFix does. */
export function addPropertiesFix(document: JsonDocument, title: string, path: JsonPath, entries: [string, unknown][]): ProblemFix | undefined {
  const object = document.nodeAt(path);
  return object?.type === 'object' && entries.length > 0 ? insertPropertiesFix(document, title, object, entries) : undefined;
}

function insertPropertiesFix(document: JsonDocument, title: string, object: Node, entries: [string, unknown][]): ProblemFix {
  const text = document.text;
  const properties = object.children ?? [];
  const last = properties[properties.length - 1];
  if (last) {
    const multiLine = document.position(object.offset).line !== document.position(last.offset).line;
    const indent = lineIndent(document, last.offset);
    const { eol } = styleOf(document);
    const separator = multiLine ? `,${eol}${indent}` : ', ';
    const body = (value: unknown) => (multiLine ? formatValue(document, value, indent) : JSON.stringify(value));
    const added = entries.map(([key, value]) => `${separator}${JSON.stringify(key)}: ${body(value)}`).join('');
    return replaceFix(title, { offset: last.offset + last.length, length: 0 }, added);
  }
  const inside = { offset: object.offset + 1, length: Math.max(0, object.length - 2) };
  if (!styleOf(document).multiLine) return replaceFix(title, inside, entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', '));
  const outer = lineIndent(document, object.offset);
  const { eol, unit } = styleOf(document);
  const inner = outer + unit;
  const body = entries.map(([key, value]) => `${JSON.stringify(key)}: ${formatValue(document, value, inner)}`).join(`,${eol}${inner}`);
  if (text.slice(inside.offset, inside.offset + inside.length).trim() === '') {
    return replaceFix(title, inside, `${eol}${inner}${body}${eol}${outer}`);
  }
  // Only comments inside: keep them after the new properties.
  return replaceFix(title, { offset: inside.offset, length: 0 }, `${eol}${inner}${body}`);
}

/** JSON for an inserted value: objects and arrays over several lines at `indent`, short number lists on one line. */
function formatValue(document: JsonDocument, value: unknown, indent: string): string {
  const { unit, eol } = styleOf(document);
  const format = (item: unknown, at: string): string => {
    if (Array.isArray(item)) {
      if (item.every((x) => typeof x !== 'object' || x === null || (Array.isArray(x) && x.every((y) => typeof y !== 'object')))) {
        return JSON.stringify(item).replace(/,/g, ', ');
      }
      return `[${eol}${item.map((x) => at + unit + format(x, at + unit)).join(`,${eol}`)}${eol}${at}]`;
    }
    if (item && typeof item === 'object') {
      const entries = Object.entries(item);
      if (entries.length === 0) return '{}';
      return `{${eol}${entries.map(([k, v]) => `${at}${unit}${JSON.stringify(k)}: ${format(v, at + unit)}`).join(`,${eol}`)}${eol}${at}}`;
    }
    return JSON.stringify(item);
  };
  return format(value, indent);
}

/** The whitespace that starts the line `offset` is on (read up to its first other character, not the whole line). */
function lineIndent(document: JsonDocument, offset: number): string {
  const text = document.text;
  const start = document.lineStart(offset);
  let end = start;
  while (end < offset && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

interface TextStyle {
  eol: string;
  /** one level of indentation, as the document writes it */
  unit: string;
  multiLine: boolean;
}

const styles = new WeakMap<JsonDocument, TextStyle>();

function styleOf(document: JsonDocument): TextStyle {
  let style = styles.get(document);
  if (!style) {
    const text = document.text;
    const indented = /\n([ \t]+)\S/.exec(text);
    const unit = !indented ? '  ' : indented[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(indented[1].length, 8));
    style = { eol: text.includes('\r\n') ? '\r\n' : '\n', unit, multiLine: text.includes('\n') };
    styles.set(document, style);
  }
  return style;
}
