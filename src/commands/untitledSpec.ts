// New specs that live nowhere yet: an untitled document named *.rnn.json in a folder, so it is checked and
// previewed at once, its relative file names resolve against that folder, and nothing is written until the user
// saves. No Node import: the same code runs in the browser's extension host.
import * as vscode from 'vscode';
import { SPEC_LANGUAGE } from '../language/specLanguage';

/** untitled:<folder>/<stem>.rnn.json, numbered so it matches no file on disk and no open document. */
export async function freeUntitledSpecUri(folder: vscode.Uri, stem: string): Promise<vscode.Uri> {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, `${stem}${n === 1 ? '' : `-${n}`}.rnn.json`);
    if (open.has(candidate.path)) continue;
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate.with({ scheme: 'untitled' });
    }
  }
}

/** Opens `text` as the unsaved document `uri` (one undoable edit) in the spec language, and shows it. */
export async function openUntitledSpec(uri: vscode.Uri, text: string, column = vscode.ViewColumn.Active): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  await vscode.workspace.applyEdit(edit);
  const spec = document.languageId === SPEC_LANGUAGE ? document : await vscode.languages.setTextDocumentLanguage(document, SPEC_LANGUAGE);
  return vscode.window.showTextDocument(spec, { viewColumn: column });
}

/** The folder new specs go in: the first workspace folder, else the given fallback. */
export function defaultSpecFolder(fallback: vscode.Uri): vscode.Uri {
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? fallback;
}
