// "Unroll: New Spec from Example…": pick one of the bundled examples and get an unsaved copy to edit.
// Nothing is written to disk until the user saves; the copy is named *.rnn.json so it is checked and previewable at once.
import { findNodeAtLocation, parseTree } from '../spec/jsonc';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface ExampleItem extends vscode.QuickPickItem {
  file: string;
  text: string;
}

export async function newSpecFromExample(extensionUri: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const folder = vscode.Uri.joinPath(extensionUri, 'examples');
  const items = await readExamples(folder);
  if (items.length === 0) {
    void vscode.window.showWarningMessage('Unroll: no examples were found in this installation.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Unroll: New Spec from Example',
    placeHolder: 'Pick an example to start from (you get an unsaved copy)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) return undefined;

  const target = await freeUntitledUri(pick.file);
  const document = await vscode.workspace.openTextDocument(target);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(target, new vscode.Position(0, 0), withAbsoluteDataFiles(pick.text, folder));
  await vscode.workspace.applyEdit(edit);
  const json = document.languageId === 'json' ? document : await vscode.languages.setTextDocumentLanguage(document, 'json');
  return vscode.window.showTextDocument(json);
}

async function readExamples(folder: vscode.Uri): Promise<ExampleItem[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const items: ExampleItem[] = [];
  for (const [file, type] of entries) {
    if (type !== vscode.FileType.File || !file.endsWith('.rnn.json')) continue;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file)));
    const root = parseTree(text);
    const name = root && findNodeAtLocation(root, ['name'])?.value;
    const description = root && findNodeAtLocation(root, ['description'])?.value;
    items.push({
      label: typeof name === 'string' ? name : file,
      description: file,
      detail: typeof description === 'string' ? description : undefined,
      file,
      text,
    });
  }
  return items.sort((a, b) => a.label.localeCompare(b.label));
}

/** The example's csv path made absolute, so the unsaved copy (which lives nowhere yet) still finds the example's data. */
function withAbsoluteDataFiles(text: string, folder: vscode.Uri): string {
  const node = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['data', 'csv', 'file']);
  if (!node || typeof node.value !== 'string' || path.isAbsolute(node.value)) return text;
  const absolute = vscode.Uri.joinPath(folder, node.value).fsPath;
  return text.slice(0, node.offset) + JSON.stringify(absolute) + text.slice(node.offset + node.length);
}

/** untitled:<folder>/<name>.rnn.json, numbered so it matches no file on disk and no open document. */
async function freeUntitledUri(file: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  const stem = file.replace(/\.rnn\.json$/, '');
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, `${stem}${n === 1 ? '' : `-${n}`}.rnn.json`);
    if (open.has(candidate)) continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(candidate));
    } catch {
      return vscode.Uri.file(candidate).with({ scheme: 'untitled' });
    }
  }
}
