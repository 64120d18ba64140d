// "Write Trained Weights into Spec": the new weights as text edits of the spec, so the editor applies them
// as one undoable edit. Pure (jsonc-parser only): tested without VS Code.
import { findNodeAtLocation, modify, parseTree, type Edit, type ParseError } from 'jsonc-parser';
import type { WeightValue } from '../engine/types';
import { formatWeights } from '../spec/formatWeights';

const PLACEHOLDER = '__unroll_weights__';

/** Edits that set model.weights (replacing or inserting it), keeping the rest of the file as it is.
 *  None (never an exception) when the text is not a JSON object whose `model`, if present, is an object. */
export function weightsEdits(text: string, weights: Record<string, WeightValue>): Edit[] {
  if (!hasModelObjectOrNone(text)) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
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
    const effectiveIndent = lineStart === 0 ? lineIndentAt(text, edit.offset) : indent;
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

function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}
