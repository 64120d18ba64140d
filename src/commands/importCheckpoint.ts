// "Unroll: New Spec from PyTorch Checkpoint…" (also on a .pt, .pth or .safetensors file in the explorer): the
// checkpoint is read in the worker, where nothing in it can run; the user picks the recurrent module or the head
// when there are several, and the rnn's nonlinearity (a state dict does not record it); the spec opens unsaved
// beside its preview.
import * as vscode from 'vscode';
import type { Jobs } from '../jobs/jobs';
import type { PreviewManager } from '../preview/previewManager';
import type { ImportOptions } from '../spec/fromCheckpoint';
import { LIMITS } from '../spec/limits';
import { describeOutcome } from './modelCommands';
import { freeUntitledSpecUri, openUntitledSpec } from './untitledSpec';

export const CHECKPOINT_EXTENSIONS = ['pt', 'pth', 'safetensors'];

export async function newSpecFromCheckpoint(jobs: Jobs, previews: PreviewManager, picked?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const file = picked instanceof vscode.Uri ? picked : await askForCheckpoint();
  if (!file) return undefined;
  const bytes = await readCheckpoint(file);
  if (!bytes) return undefined;
  const fileName = file.path.split('/').pop() ?? 'model.pt';
  const options: ImportOptions = {};
  for (;;) {
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Unroll: reading ${fileName}` }, () =>
      jobs.run('importCheckpoint', { bytes, fileName, options }, { timeoutMs: 60_000 }),
    );
    if (outcome.status !== 'ok') {
      void vscode.window.showErrorMessage(`Unroll: cannot read ${fileName}: ${describeOutcome(outcome) ?? 'it was cancelled'}`);
      return undefined;
    }
    const result = outcome.value;
    if (result.kind === 'error') {
      void vscode.window.showErrorMessage(`Unroll: ${fileName}: ${result.message}`);
      return undefined;
    }
    if (result.kind === 'choose') {
      const choice = await vscode.window.showQuickPick(
        result.candidates.map((c) => ({ label: c.value === '' ? '(top level)' : c.value, description: c.description, value: c.value })),
        { title: `Unroll: ${result.message}`, placeHolder: result.what === 'prefix' ? 'Which recurrent module?' : 'Which layer is the output head?', ignoreFocusOut: true },
      );
      if (!choice) return undefined;
      options[result.what] = choice.value;
      continue;
    }
    // A state dict does not record an rnn's nonlinearity: ask, with PyTorch's default first.
    if (options.nonlinearity === undefined && /"cell":\s*"rnn"/.test(result.text)) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'tanh', description: "PyTorch's default (nn.RNN(nonlinearity='tanh'))" },
          { label: 'relu', description: "nn.RNN(nonlinearity='relu')" },
        ],
        { title: 'Unroll: which nonlinearity was the RNN built with?', placeHolder: 'A state dict does not say; pick what the model used', ignoreFocusOut: true },
      );
      if (!choice) return undefined;
      if (choice.label === 'relu') {
        options.nonlinearity = 'relu';
        continue;
      }
    }
    for (const warning of result.warnings) void vscode.window.showWarningMessage(`Unroll: ${warning}`);
    const folder = vscode.Uri.joinPath(file, '..');
    const target = await freeUntitledSpecUri(folder, fileName.replace(/\.(pt|pth|safetensors)$/i, ''));
    const editor = await openUntitledSpec(target, result.text);
    previews.open(target, true);
    void vscode.window.setStatusBarMessage(`Unroll: ${result.summary}`, 8000);
    return editor;
  }
}

async function askForCheckpoint(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Unroll: New Spec from PyTorch Checkpoint',
    openLabel: 'Read Checkpoint',
    canSelectMany: false,
    filters: { 'PyTorch state dict': CHECKPOINT_EXTENSIONS },
  });
  return picked?.[0];
}

async function readCheckpoint(file: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (!(stat.type & vscode.FileType.File)) throw new Error('it is not a file');
    if (stat.size > LIMITS.checkpointBytes) throw new Error(`it has ${stat.size.toLocaleString('en-US')} bytes, over the limit of ${LIMITS.checkpointBytes.toLocaleString('en-US')}; save only the model's state dict`);
    return await vscode.workspace.fs.readFile(file);
  } catch (error) {
    void vscode.window.showErrorMessage(`Unroll: cannot read ${file.path.split('/').pop()}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
