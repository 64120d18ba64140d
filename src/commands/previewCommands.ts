import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import { targetSpec } from './targetSpec';

export function registerPreviewCommands(context: vscode.ExtensionContext, previews: PreviewManager): void {
  const open = (toSide: boolean, locked: boolean) => (uri?: vscode.Uri) => {
    const target = targetSpec(previews, uri);
    if (target) previews.open(target, toSide, locked);
  };
  /** The preview a lock command acts on: the focused one, else the one showing the active spec. */
  const lockTarget = () => previews.active ?? (vscode.window.activeTextEditor && previews.previewsOf(vscode.window.activeTextEditor.document.uri)[0]);
  const setLock = (locked: boolean | 'toggle') => () => {
    const preview = lockTarget();
    if (!preview) {
      void vscode.window.showInformationMessage('Unroll: no preview to lock; open one with "Unroll: Open Preview to the Side".');
      return;
    }
    if (locked === 'toggle' || preview.locked !== locked) previews.toggleLock(preview);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.openPreview', open(false, false)),
    vscode.commands.registerCommand('unroll.openPreviewToSide', open(true, false)),
    vscode.commands.registerCommand('unroll.openLockedPreviewToSide', open(true, true)),
    vscode.commands.registerCommand('unroll.togglePreviewLock', setLock('toggle')),
    vscode.commands.registerCommand('unroll.lockPreview', setLock(true)),
    vscode.commands.registerCommand('unroll.unlockPreview', setLock(false)),
  );
}
