// Hover in a spec: what the schema says about the key or value under the cursor (for an enum value, what that
// value means). Pure: text and offset in, markdown out.
import { getLocation } from '../spec/jsonc';
import type { JsonPath } from '../spec/jsonDocument';
import { describe, schemasAt, type SchemaNode } from './schemaAt';

export interface HoverInfo {
  markdown: string;
  range: { offset: number; length: number };
}

export function hoverAt(schema: SchemaNode, text: string, offset: number): HoverInfo | undefined {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (!node || location.path.length === 0) return undefined;
  const schemas = schemasAt(schema, location.path as JsonPath);
  const lines: string[] = [];
  const about = describe(schemas);
  if (about) lines.push(about);
  if (!location.isAtPropertyKey && node.type !== 'property') {
    for (const s of schemas) {
      const index = s.enum?.findIndex((value) => value === node.value) ?? -1;
      if (index >= 0 && s.enumDescriptions?.[index]) {
        lines.push(`\`${JSON.stringify(node.value)}\`: ${s.enumDescriptions[index]}`);
        break;
      }
    }
  }
  if (lines.length === 0) return undefined;
  return { markdown: lines.join('\n\n'), range: { offset: node.offset, length: node.length } };
}
