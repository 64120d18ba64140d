// The spec's JSON schema, walked to a place in the document: the subschemas that describe the value at a JSON path.
// Completion and hover read descriptions, enums and examples from them; validation stays ajv's (in the worker).
import type { JsonPath } from '../spec/jsonDocument';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  enum?: unknown[];
  enumDescriptions?: string[];
  examples?: unknown[];
  default?: unknown;
  const?: unknown;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  then?: SchemaNode;
  else?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
  deprecationMessage?: string;
}

/** The schema itself and every alternative it allows, with references resolved (each node once). */
export function expand(root: SchemaNode, node: SchemaNode | undefined, seen = new Set<SchemaNode>()): SchemaNode[] {
  if (!node || seen.has(node)) return [];
  seen.add(node);
  const target = node.$ref ? resolveRef(root, node.$ref) : undefined;
  const out: SchemaNode[] = target ? expand(root, target, seen) : [node];
  if (target) out.push(node); // the referring node may carry its own description
  for (const alternative of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? []), node.then, node.else]) {
    out.push(...expand(root, alternative, seen));
  }
  return out;
}

function resolveRef(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node as SchemaNode;
}

/** The subschemas that describe the value at `path` (empty where the schema says nothing). */
export function schemasAt(root: SchemaNode, path: JsonPath): SchemaNode[] {
  let current = expand(root, root);
  for (const segment of path) {
    const next: SchemaNode[] = [];
    for (const schema of current) {
      const child = typeof segment === 'number' ? itemSchema(schema, segment) : propertySchema(schema, segment);
      next.push(...expand(root, child));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function propertySchema(schema: SchemaNode, key: string): SchemaNode | undefined {
  if (schema.properties && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  for (const [pattern, child] of Object.entries(schema.patternProperties ?? {})) {
    if (new RegExp(pattern, 'u').test(key)) return child;
  }
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function itemSchema(schema: SchemaNode, index: number): SchemaNode | undefined {
  if (Array.isArray(schema.items)) return schema.items[index];
  return schema.items;
}

/** The properties the schemas allow at an object, each once, first description wins. */
export function propertiesOf(schemas: SchemaNode[]): Map<string, SchemaNode> {
  const properties = new Map<string, SchemaNode>();
  for (const schema of schemas) {
    for (const [key, child] of Object.entries(schema.properties ?? {})) if (!properties.has(key)) properties.set(key, child);
  }
  return properties;
}

/** What a person reads about a value: the markdown description where there is one. */
export function describe(schemas: SchemaNode[]): string | undefined {
  for (const schema of schemas) if (schema.markdownDescription) return schema.markdownDescription;
  for (const schema of schemas) if (schema.description) return schema.description;
  return undefined;
}

export function typesOf(schemas: SchemaNode[]): Set<string> {
  const types = new Set<string>();
  for (const schema of schemas) for (const type of [schema.type ?? []].flat()) types.add(type);
  return types;
}
