import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import { isSpecDocument } from '../diagnostics/specDocuments';

/** The spec a command acts on: the one it was invoked on (menus pass a URI), else the active editor's. */
export function targetSpec(uri?: vscode.Uri): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const document = vscode.window.activeTextEditor?.document;
  if (document && isSpecDocument(document)) return document.uri;
  void vscode.window.showWarningMessage('Unroll: open a .rnn.json file first.');
  return undefined;
}

export function registerPreviewCommands(context: vscode.ExtensionContext, previews: PreviewManager): void {
  const open = (toSide: boolean, locked: boolean) => (uri?: vscode.Uri) => {
    const target = targetSpec(uri);
    if (target) previews.open(target, toSide, locked);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.openPreview', open(false, false)),
    vscode.commands.registerCommand('unroll.openPreviewToSide', open(true, false)),
    vscode.commands.registerCommand('unroll.openLockedPreviewToSide', open(true, true)),
    vscode.commands.registerCommand('unroll.togglePreviewLock', () => {
      const active = previews.all.find((p) => p.panel.active);
      if (active) active.setLocked(!active.locked);
    }),
  );
}
