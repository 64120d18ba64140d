// Export… → "PyTorch script (.py)": the spec as a script that reproduces it. Made in the worker from the spec itself
// (not from what the preview shows), so it needs no preview; its data paths are worked out from where the user
// saves it.
import * as vscode from 'vscode';
import { version } from '../../package.json';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import { parentOf } from '../documents/specFiles';
import { describeInvalid, describeOutcome } from './modelCommands';

export async function exportPytorchScript(jobs: Jobs, files: SpecFiles, spec: vscode.Uri, destination?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const document = await vscode.workspace.openTextDocument(spec);
  const base = spec.path.replace(/\.rnn\.json$/, '').split('/').pop() ?? 'model';
  const target =
    destination ??
    (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(spec, '..', `${base}.py`), filters: { Python: ['py'] } }));
  if (!target) return undefined;
  const snapshot = await files.snapshot(document);
  const outcome = await jobs.run('exportPytorch', {
    spec: snapshot,
    options: {
      specFile: vscode.workspace.asRelativePath(spec, false),
      scriptName: target.path.split('/').pop(),
      dataDir: relativeFolder(parentOf(target), parentOf(spec)),
      version,
    },
  });
  const answer = outcome.status === 'ok' ? outcome.value : undefined;
  if (answer?.type !== 'script') {
    const why = answer ? describeInvalid(answer) : describeOutcome(outcome);
    void vscode.window.showErrorMessage(`Unroll: the spec has problems; fix them before exporting${why ? ` (${why})` : ''}.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(answer.script));
  return target;
}

/** `to` as the script names it from `from`: a relative POSIX path when both are on the same file system, else absolute. */
export function relativeFolder(from: vscode.Uri, to: vscode.Uri): string {
  if (from.scheme !== to.scheme || from.authority !== to.authority) return to.scheme === 'file' ? to.fsPath.replace(/\\/g, '/') : to.path;
  const a = from.path.split('/').filter(Boolean);
  const b = to.path.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common)];
  return parts.length === 0 ? '.' : parts.join('/');
}
