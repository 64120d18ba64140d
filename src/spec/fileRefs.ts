// Which files a spec names, found without parsing it fully: the extension's host reads them (under its rules)
// before a job goes to the worker, which reads nothing itself. Cheap enough to run on every keystroke.
import { findNodeAtLocation, parseTree } from './jsonc';
import type { JsonPath } from './jsonDocument';
import { LIMITS } from './limits';

export type SpecFileKind = 'csv' | 'text' | 'checkpoint';

export interface SpecFileRef {
  /** as written in the spec */
  file: string;
  kind: SpecFileKind;
  /** the most the parser will accept of this kind; reading more is wasted work */
  maxBytes: number;
}

const PLACES: { path: JsonPath; kind: SpecFileKind }[] = [
  { path: ['data', 'csv', 'file'], kind: 'csv' },
  { path: ['data', 'text', 'file'], kind: 'text' },
  { path: ['model', 'weights', 'file'], kind: 'checkpoint' },
];

export const FILE_BYTE_LIMITS: Record<SpecFileKind, number> = {
  csv: LIMITS.csvBytes,
  text: LIMITS.csvBytes,
  checkpoint: LIMITS.checkpointBytes,
};

export function specFileRefs(text: string): SpecFileRef[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const refs: SpecFileRef[] = [];
  for (const { path, kind } of PLACES) {
    const node = findNodeAtLocation(root, path);
    if (node?.type === 'string' && typeof node.value === 'string' && node.value.trim() !== '') {
      refs.push({ file: node.value, kind, maxBytes: FILE_BYTE_LIMITS[kind] });
    }
  }
  return refs;
}
