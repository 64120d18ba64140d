// unroll.diagnostics.delayMs: how long after a keystroke a spec is checked for problems. It was called
// unroll.preview.debounceMs, a name that promised to slow the preview (which re-runs at once); a value a user set
// under the old name still counts until they set the new one.
import * as vscode from 'vscode';

export const DEFAULT_DELAY_MS = 150;

export function diagnosticsDelayMs(scope?: vscode.Uri): number {
  const config = vscode.workspace.getConfiguration('unroll', scope);
  const current = config.inspect<number>('diagnostics.delayMs');
  const setByUser = current && (current.globalValue ?? current.workspaceValue ?? current.workspaceFolderValue) !== undefined;
  const value = setByUser ? config.get<number>('diagnostics.delayMs') : (config.get<number>('preview.debounceMs') ?? DEFAULT_DELAY_MS);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(5000, Math.max(0, value)) : DEFAULT_DELAY_MS;
}
