// The link between the JSON and the views: where a weight, sequence or step sits in the text, and what
// the cursor is on. Pure (jsonc-parser only), so it is unit-tested without VS Code.
import { findNodeAtLocation, getLocation, parseTree, type JSONPath } from 'jsonc-parser';
import type { SpecTarget } from '../protocol';

export function targetPath(target: SpecTarget): JSONPath {
  switch (target.kind) {
    case 'weight':
      return ['model', 'weights', target.name];
    case 'sequence':
      return ['data', 'sequences', target.sequence];
    case 'step':
      return ['data', 'sequences', target.sequence, 'inputs', target.step];
  }
}

/** Range of the target's value in the text; a weight that is initialised rather than written points at `init`. */
export function locateTarget(text: string, target: SpecTarget): { offset: number; length: number } | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  const node =
    findNodeAtLocation(root, targetPath(target)) ??
    (target.kind === 'weight' ? findNodeAtLocation(root, ['model', 'init']) : undefined);
  return node ? { offset: node.offset, length: node.length } : undefined;
}

/** What the cursor at `offset` is on, for highlighting it in the views. */
export function targetAtOffset(text: string, offset: number): SpecTarget | null {
  const path = getLocation(text, offset).path;
  if (path[0] === 'model' && path[1] === 'weights' && typeof path[2] === 'string') return { kind: 'weight', name: path[2] };
  if (path[0] === 'data' && path[1] === 'sequences' && typeof path[2] === 'number') {
    if (path[3] === 'inputs' && typeof path[4] === 'number') return { kind: 'step', sequence: path[2], step: path[4] };
    return { kind: 'sequence', sequence: path[2] };
  }
  return null;
}
