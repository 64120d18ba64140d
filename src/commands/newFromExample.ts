// "Unroll: New Spec from Example…": pick one of the bundled examples and get an unsaved copy to edit.
// Nothing is written to disk until the user saves; the copy is named *.rnn.json so it is checked and previewable at once.
import { findNodeAtLocation, parseTree } from '../spec/jsonc';
import * as vscode from 'vscode';
import { defaultSpecFolder, freeUntitledSpecUri, openUntitledSpec } from './untitledSpec';

interface ExampleItem extends vscode.QuickPickItem {
  file: string;
  text: string;
}

/** `home`: where the copy goes when no folder is open (the user's home folder on a desktop). */
export async function newSpecFromExample(extensionUri: vscode.Uri, home: vscode.Uri): Promise<vscode.TextEditor | undefined> {
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

  const target = await freeUntitledSpecUri(defaultSpecFolder(home), pick.file.replace(/\.rnn\.json$/, ''));
  const editor = await openUntitledSpec(target, withAbsoluteDataFiles(pick.text, folder));
  const dataFile = csvFileOf(pick.text);
  if (dataFile !== undefined && folder.scheme !== 'file') {
    // In a browser VS Code the example's data sits inside the extension, which no spec can name: say so, rather
    // than leave the person with a "no such file" problem and no way out.
    void vscode.window.showWarningMessage(
      `Unroll: this example reads ${dataFile}, which comes with the extension, where a spec in the browser cannot reach it. Put a copy of ${dataFile} beside the spec (it is in the examples folder of Unroll's repository).`,
    );
  }
  return editor;
}

function csvFileOf(text: string): string | undefined {
  const value = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['data', 'csv', 'file'])?.value;
  return typeof value === 'string' ? value : undefined;
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
  // Only a local extension folder can be named by an absolute path; elsewhere (the browser) the name stays relative.
  if (folder.scheme !== 'file' || !node || typeof node.value !== 'string' || node.value.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(node.value)) return text;
  const absolute = vscode.Uri.joinPath(folder, node.value).fsPath;
  return text.slice(0, node.offset) + JSON.stringify(absolute) + text.slice(node.offset + node.length);
}
