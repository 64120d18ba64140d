// Which documents are specs, and where their relative data files live.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A .rnn.json document, saved (file:) or not yet (untitled: with a path, as "New Spec from Example" makes them). */
export function isSpecDocument(document: vscode.TextDocument): boolean {
  return document.uri.path.toLowerCase().endsWith('.rnn.json') && document.uri.scheme !== 'git' && document.uri.scheme !== 'output';
}

/** The folder a spec's relative csv paths resolve against: its own folder, else the workspace's, else the home folder. */
export function baseDirFor(uri: vscode.Uri): string {
  if (uri.scheme === 'file') return path.dirname(uri.fsPath);
  if (uri.scheme === 'untitled' && path.isAbsolute(uri.path) && uri.path.includes('/')) return path.dirname(uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}
