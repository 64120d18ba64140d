// "New Spec from PyTorch Checkpoint…" inside a real VS Code: a state dict saved by torch (a nested, two-layer LSTM
// with a head) becomes an unsaved spec whose preview runs the checkpoint's own weights; a file that is not a state
// dict is refused with a message and opens nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';



async function poll<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function fixture(name: string): vscode.Uri {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  return vscode.Uri.file(path.join(root, 'test', 'fixtures', 'checkpoints', name));
}

describe('new spec from a PyTorch checkpoint', function () {
  this.timeout(90_000);

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled')) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a nested two-layer LSTM as an unsaved spec beside a preview of its own weights', async () => {
    const unroll = await api();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('unroll.newSpecFromCheckpoint', fixture('lstm-nested.pt'));
    assert.ok(editor, 'an editor opened');
    const document = editor.document;
    assert.equal(document.uri.scheme, 'untitled');
    assert.ok(document.uri.path.endsWith('lstm-nested.rnn.json'), document.uri.path);
    const spec = JSON.parse(document.getText());
    assert.equal(spec.model.cell, 'lstm');
    assert.equal(spec.model.numLayers, 2);
    const expected = JSON.parse(fs.readFileSync(fixture('expected.json').fsPath, 'utf8'))['lstm-nested.pt'];
    assert.deepEqual(spec.model.weights.weight_hh_l0, expected['encoder.rnn.weight_hh_l0'].values);
    assert.deepEqual(spec.model.weights['fc.weight'], expected['head.weight'].values);
    const model = await poll('the preview of the imported spec', () => unroll.previews.previewsOf(document.uri)[0]?.model);
    assert.equal(model.cell, 'lstm');
    assert.equal(model.numLayers, 2);
    assert.ok(Number.isFinite(model.loss.value));
  });

  it('refuses a pickled whole module, says how to re-save, and opens nothing', async () => {
    const shown: string[] = [];
    const window = vscode.window as { showErrorMessage: typeof vscode.window.showErrorMessage };
    const original = window.showErrorMessage;
    window.showErrorMessage = (async (message: string) => {
      shown.push(message);
      return undefined;
    }) as typeof vscode.window.showErrorMessage;
    try {
      const untitled = () => new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && !d.isClosed).map((d) => d.uri.toString()));
      const before = untitled();
      const editor = await vscode.commands.executeCommand('unroll.newSpecFromCheckpoint', fixture('whole-module.pt'));
      assert.equal(editor, undefined);
      assert.deepEqual([...untitled()].filter((uri) => !before.has(uri)), [], 'no new document');
      assert.equal(shown.length, 1);
      assert.match(shown[0], /state_dict\(\)/);
    } finally {
      window.showErrorMessage = original;
    }
  });
});
