// Completion in a spec from its schema: property names (with a value to fill in) where a key goes, and the values
// the schema names (enums, examples, defaults, true/false) where a value goes. Pure: text and offset in, items out.
import { getLocation, parseTree, findNodeAtLocation } from '../spec/jsonc';
import type { JsonPath } from '../spec/jsonDocument';
import { describe, expand, propertiesOf, schemasAt, typesOf, type SchemaNode } from './schemaAt';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value';
  /** a snippet (VS Code syntax: $1, ${1:text}, ${1|a,b|}) */
  insertText: string;
  /** the text it replaces */
  replace: { offset: number; length: number };
  detail?: string;
  documentation?: string;
}

export function completionsAt(schema: SchemaNode, text: string, offset: number): CompletionEntry[] {
  const location = getLocation(text, offset);
  const previous = location.previousNode;
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    const replace = previous && previous.type === 'property' ? { offset: previous.offset, length: previous.length } : previous?.type === 'string' ? { offset: previous.offset, length: previous.length } : { offset, length: 0 };
    return propertyCompletions(schema, text, objectPath as JsonPath, replace);
  }
  const replace = previous && ['string', 'number', 'boolean', 'null'].includes(previous.type) ? { offset: previous.offset, length: previous.length } : { offset, length: 0 };
  return valueCompletions(schema, location.path as JsonPath, replace);
}

function propertyCompletions(root: SchemaNode, text: string, objectPath: JsonPath, replace: CompletionEntry['replace']): CompletionEntry[] {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const object = tree && findNodeAtLocation(tree, objectPath);
  const present = new Set((object?.type === 'object' ? object.children ?? [] : []).map((property) => property.children?.[0]?.value as string));
  const entries: CompletionEntry[] = [];
  for (const [key, child] of propertiesOf(schemasAt(root, objectPath))) {
    if (present.has(key) && replace.length === 0) continue;
    const alternatives = expand(root, child);
    entries.push({
      label: key,
      kind: 'property',
      insertText: `${JSON.stringify(key)}: ${valueSnippet(alternatives)}`,
      replace,
      detail: [...typesOf(alternatives)].join(' | ') || undefined,
      documentation: describe(alternatives),
    });
  }
  return entries;
}

function valueCompletions(root: SchemaNode, path: JsonPath, replace: CompletionEntry['replace']): CompletionEntry[] {
  const schemas = schemasAt(root, path);
  const seen = new Set<string>();
  const entries: CompletionEntry[] = [];
  const add = (value: unknown, documentation?: string) => {
    const json = JSON.stringify(value);
    if (json === undefined || seen.has(json)) return;
    seen.add(json);
    entries.push({ label: json, kind: 'value', insertText: escapeSnippet(json), replace, documentation });
  };
  for (const schema of schemas) {
    schema.enum?.forEach((value, i) => add(value, schema.enumDescriptions?.[i]));
    if (schema.const !== undefined) add(schema.const);
  }
  for (const schema of schemas) for (const example of schema.examples ?? []) if (typeof example !== 'object' || example === null) add(example);
  for (const schema of schemas) if (schema.default !== undefined && (typeof schema.default !== 'object' || schema.default === null)) add(schema.default, 'default');
  if (typesOf(schemas).has('boolean')) {
    add(true);
    add(false);
  }
  return entries;
}

/** What follows a completed key: the default, an enum's choices, or an empty value of the right type. */
function valueSnippet(schemas: SchemaNode[]): string {
  const choices = schemas.flatMap((s) => s.enum ?? []).map((v) => JSON.stringify(v));
  if (choices.length > 0) return `\${1|${choices.map((c) => c.replace(/[,|\\]/g, '\\$&')).join(',')}|}`;
  const fallback = schemas.find((s) => s.default !== undefined)?.default;
  if (fallback !== undefined) return `\${1:${escapeSnippet(JSON.stringify(fallback))}}`;
  const types = typesOf(schemas);
  if (types.has('object')) return '{$1}';
  if (types.has('array')) return '[$1]';
  if (types.has('string')) return '"$1"';
  if (types.has('boolean')) return '${1|true,false|}';
  return '$1';
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
