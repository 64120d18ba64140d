// A diverged run's advice as edits of the spec's text (jsonc-parser's modify: the rest of the file stays as written),
// so the editor applies each as one undoable edit. Pure: tested without VS Code.
import { modify, type Edit } from 'jsonc-parser';
import type { DivergenceAdvice } from './divergenceAdvice';

export function divergenceEdits(text: string, advice: DivergenceAdvice): Edit[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return modify(text, ['training', advice.key], advice.value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
}
