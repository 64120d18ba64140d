// Which documents are specs. Shared by the preview, the diagnostics, the status bar and the commands, so none of
// them imports another for it.
import type * as vscode from 'vscode';

/** A .rnn.json document, saved (file:) or not yet (untitled: with a path, as "New Spec from Example" makes them). */
export function isSpecDocument(document: vscode.TextDocument): boolean {
  return isSpecUri(document.uri);
}

export function isSpecUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.rnn.json') && uri.scheme !== 'git' && uri.scheme !== 'output';
}
