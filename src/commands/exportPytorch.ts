// Export… → "PyTorch script (.py)": the spec as a script that reproduces it. Made from the spec itself (not from
// what the preview shows), so it needs no preview; its data paths are worked out from where the user saves it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { version } from '../../package.json';
import { baseDirFor } from '../diagnostics/specDocuments';
import { pytorchScript } from '../export/pytorch';
import { parseSpec } from '../spec';

export async function exportPytorchScript(spec: vscode.Uri, destination?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const document = await vscode.workspace.openTextDocument(spec);
  const baseDir = baseDirFor(spec);
  const parsed = parseSpec(document.getText(), { baseDir, fileName: spec.scheme === 'file' ? spec.fsPath : undefined });
  if (!parsed.spec) {
    const first = parsed.problems.find((p) => p.severity === 'error');
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
    void vscode.window.showErrorMessage(`Unroll: the spec has problems; fix them before exporting${where}.`);
    return undefined;
  }
  const base = spec.path.replace(/\.rnn\.json$/, '').split('/').pop() ?? 'model';
  const target =
    destination ??
    (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(spec, '..', `${base}.py`), filters: { Python: ['py'] } }));
  if (!target) return undefined;
  const script = pytorchScript(parsed.spec, {
    specFile: vscode.workspace.asRelativePath(spec, false),
    scriptName: target.path.split('/').pop(),
    dataDir: dataDirFrom(target, baseDir),
    version,
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(script));
  return target;
}

/** The spec's folder as the script names it: relative to the script's folder (POSIX separators) when both are
 *  on this file system, else absolute. */
function dataDirFrom(target: vscode.Uri, baseDir: string): string {
  if (target.scheme !== 'file') return baseDir.split(path.sep).join('/');
  const relative = path.relative(path.dirname(target.fsPath), baseDir);
  if (relative === '') return '.';
  return (path.isAbsolute(relative) ? baseDir : relative).split(path.sep).join('/');
}
