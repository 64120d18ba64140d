// Which spec a command acts on, wherever it was run from: the one a menu passed, else the active spec editor's,
// else the document of the preview that has the focus (commands run from the preview work on what it shows, as
// the markdown preview's do).
import * as vscode from 'vscode';
import { isSpecDocument } from '../documents/specDocuments';
import type { PreviewManager } from '../preview/previewManager';

export function targetSpec(previews: PreviewManager, uri?: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const active = previews.active;
  if (active) return active.uri;
  const document = vscode.window.activeTextEditor?.document;
  if (document && isSpecDocument(document)) return document.uri;
  void vscode.window.showWarningMessage('Unroll: open a .rnn.json file first (or run this from its preview).');
  return undefined;
}

export async function targetDocument(previews: PreviewManager, uri?: unknown): Promise<vscode.TextDocument | undefined> {
  const target = targetSpec(previews, uri);
  return target && vscode.workspace.openTextDocument(target);
}
