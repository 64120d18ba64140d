// Every example through the extension, as the preview shows it: the per-step ‖dL/dh_t‖ the host received from its
// worker equals the engine's, run here in the test on the same text (the sequence the spec's view picks). The
// end-to-end layer reads the same numbers off the webview for a few representative examples; this covers them all.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { run } from '../../src/engine';
import { parseSpec } from '../../src/spec';
import { api, EXTENSION_ID, waitFor } from './helpers';


describe('every example in the preview', function () {
  this.timeout(120_000);

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows each example\'s per-step gradient norms exactly as the engine computes them', async () => {
    const unroll = await api();
    // The extension's own examples, as copied into the test workspace (other tests add specs of their own there).
    const shipped = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'examples'));
    const names = new Set(shipped.map(([name]) => name).filter((name) => name.endsWith('.rnn.json')));
    const examples = (await vscode.workspace.findFiles('*.rnn.json')).filter((uri) => names.has(path.basename(uri.path)));
    assert.equal(examples.length, names.size, 'every example is in the test workspace');
    const wrong: string[] = [];
    for (const uri of examples.sort((a, b) => a.path.localeCompare(b.path))) {
      const document = await vscode.workspace.openTextDocument(uri);
      const parsed = parseSpec(document.getText(), { baseDir: path.dirname(uri.fsPath) });
      assert.ok(parsed.spec, `${path.basename(uri.path)} parses`);
      await vscode.commands.executeCommand('unroll.openPreview', uri);
      const model = await waitFor(() => unroll.previews.previewsOf(uri)[0]?.model, `a preview of ${path.basename(uri.path)}`, 60_000);
      const engine = run(parsed.spec).stepGradNorm[model.sequence];
      assert.equal(model.gradNorm.length, engine.length, `${path.basename(uri.path)}: one norm per step`);
      model.gradNorm.forEach((g, t) => {
        if (!(g === engine[t] || Math.abs(g - engine[t]) <= 1e-12 * Math.abs(engine[t]))) wrong.push(`${path.basename(uri.path)} step ${t + 1}: ${g} ≠ ${engine[t]}`);
      });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    assert.deepEqual(wrong, []);
  });
});
