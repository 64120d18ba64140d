// Apply a quick fix's edits to a text (the CLI's --fix, tests); the editor applies them as a WorkspaceEdit instead.
import type { ProblemFix } from './types';

export function applyFix(text: string, fix: ProblemFix): string {
  // Edits never overlap; applying them from the end keeps the earlier offsets valid.
  const edits = [...fix.edits].sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length);
  return result;
}
