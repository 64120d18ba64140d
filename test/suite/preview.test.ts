// The live preview, the status bar and the model commands, inside a real VS Code extension host.
// Every edit here is made in memory and reverted; no file of the workspace is changed on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { UnrollApi } from '../../src/extension';
import type { PreviewModel } from '../../src/protocol';
import { api, openExample, revert, waitFor as waitUntil } from './helpers';

/** Polls until `probe` gives a value; this suite waits up to 20 s unless told otherwise. */
const waitFor = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => waitUntil(probe, what, timeoutMs);





/** Replace the first match of `pattern` in the document (an in-memory, undoable edit). */
async function replaceInDocument(editor: vscode.TextEditor, pattern: RegExp, replacement: string): Promise<void> {
  const text = editor.document.getText();
  const match = pattern.exec(text);
  assert.ok(match, `${pattern} not found`);
  const start = editor.document.positionAt(match.index);
  const end = editor.document.positionAt(match.index + match[0].length);
  const ok = await editor.edit((edit) => edit.replace(new vscode.Range(start, end), replacement));
  assert.ok(ok, 'edit not applied');
}


async function modelOf(unroll: UnrollApi, uri: vscode.Uri, accept: (m: PreviewModel) => boolean = () => true): Promise<PreviewModel> {
  return waitFor(() => {
    const model = unroll.previews.previewsOf(uri)[0]?.model;
    return model && accept(model) ? model : undefined;
  }, `a preview model of ${path.basename(uri.path)}`);
}

describe('live preview', function () {
  this.timeout(90_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows every step of the exploding example, with the gradient growing towards the first step', async () => {
    const unroll = await api();
    const editor = await openExample('exploding');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const model = await modelOf(unroll, editor.document.uri);
    assert.strictEqual(model.steps, 50);
    assert.strictEqual(model.gradNorm.length, 50);
    assert.strictEqual(model.health, 'exploding');
    // w2 = 2 over 49 recurrent steps: the first step's gradient is 2^49 times the last one's.
    const ratio = model.gradNorm[0] / model.gradNorm[49];
    assert.ok(Math.abs(Math.log2(ratio) - 49) < 1e-9, `ratio 2^${Math.log2(ratio)}`);
  });

  it('re-runs as the user types: w2 from 2 to 0.5 turns an exploding gradient into a vanishing one', async () => {
    const unroll = await api();
    const editor = await openExample('exploding');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const before = await modelOf(unroll, editor.document.uri);
    await replaceInDocument(editor, /"weight_hh_l0": \[\[2\]\]/, '"weight_hh_l0": [[0.5]]');
    const after = await modelOf(unroll, editor.document.uri, (m) => m.version > before.version);
    assert.strictEqual(after.health, 'vanishing');
    assert.ok(after.gradNorm[0] < 1e-12 * after.gradNorm[49], `first ${after.gradNorm[0]} last ${after.gradNorm[49]}`);
    await revert(editor);
  });

  it("draws the layer the view picks in a stacked lstm, and keeps it for the panel as the user types", async () => {
    const unroll = await api();
    const editor = await openExample('long-range-lstm');
    await replaceInDocument(editor, /"hiddenSize": 8,/, '"hiddenSize": 8, "numLayers": 2,');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const top = await modelOf(unroll, editor.document.uri, (m) => m.numLayers === 2);
    assert.strictEqual(top.gatesLayer, 1, 'the top layer until another is picked');
    const preview = unroll.previews.previewsOf(editor.document.uri)[0];
    preview.receive({ type: 'showLayer', layer: 0, uri: editor.document.uri.toString() });
    const lower = await modelOf(unroll, editor.document.uri, (m) => m.gatesLayer === 0);
    // The gates shown are layer 0's: with its cell state they satisfy c_t = f⊙c_{t−1} + i⊙g.
    const { i, f, g } = lower.gates!;
    const c = lower.cellState![0];
    for (let t = 1; t < lower.steps; t++) assert.ok(Math.abs(c[t][0] - (f[t][0] * c[t - 1][0] + i[t][0] * g[t][0])) < 1e-12, `step ${t}`);
    assert.strictEqual(preview.state.layer, 0);
    await replaceInDocument(editor, /"forgetBias": 3/, '"forgetBias": 2');
    const edited = await modelOf(unroll, editor.document.uri, (m) => m.version > lower.version);
    assert.strictEqual(edited.gatesLayer, 0, 'an edit keeps the picked layer');
    await revert(editor);
  });

  it('keeps the last good model while the JSON is broken, and recovers when it is fixed', async () => {
    const unroll = await api();
    const editor = await openExample('statquest-stock');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const good = await modelOf(unroll, editor.document.uri);
    await replaceInDocument(editor, /"cell": "rnn"/, '"cell": "rnn",,');
    await waitFor(() => editor.document.version > good.version, 'the edit');
    await new Promise((r) => setTimeout(r, 500));
    const preview = unroll.previews.previewsOf(editor.document.uri)[0];
    assert.strictEqual(preview.model?.version, good.version, 'an invalid spec must not replace the last good picture');
    const diagnostics = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri);
      return found.length > 0 ? found : undefined;
    }, 'a diagnostic for the broken JSON');
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    await revert(editor);
    await modelOf(unroll, editor.document.uri, (m) => m.version > good.version);
  });

  it('follows the active spec editor unless locked', async () => {
    const unroll = await api();
    const first = await openExample('vanishing');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    await modelOf(unroll, first.document.uri);
    const second = await openExample('statquest-stock');
    await modelOf(unroll, second.document.uri);
    assert.strictEqual(unroll.previews.count, 1, 'a following preview is reused, not duplicated');
  });

  it('shows loss and gradient health in the status bar', async () => {
    const unroll = await api();
    await openExample('vanishing');
    const text = await waitFor(() => (unroll.status.text.includes('vanishing') ? unroll.status.text : undefined), 'the status bar');
    assert.match(text, /loss/);
  });

  it('reads thresholds from the settings', async () => {
    const unroll = await api();
    const editor = await openExample('vanishing');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    await modelOf(unroll, editor.document.uri);
    const config = vscode.workspace.getConfiguration('unroll');
    await config.update('gradient.vanishingThreshold', 1e-20, vscode.ConfigurationTarget.Global);
    try {
      const model = await modelOf(unroll, editor.document.uri, (m) => m.thresholds.vanishing === 1e-20);
      assert.strictEqual(model.health, 'healthy', '0.5^49 ≈ 1.8e-15 is above a 1e-20 threshold');
    } finally {
      await config.update('gradient.vanishingThreshold', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('disposes its panels when closed', async () => {
    const unroll = await api();
    const editor = await openExample('statquest-stock');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    await modelOf(unroll, editor.document.uri);
    unroll.previews.all[0].panel.dispose();
    await waitFor(() => unroll.previews.count === 0, 'the preview to be forgotten');
  });
});

describe('model commands', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('trains, lowers the loss, and saves the weights into the spec as one undoable edit', async () => {
    const unroll = await api();
    const editor = await openExample('sine');
    const before = editor.document.getText();
    const progress = (await vscode.commands.executeCommand('unroll.train', editor.document.uri, 30)) as { state: string; loss: number[] };
    assert.strictEqual(progress.state, 'done');
    assert.ok(progress.loss.length >= 2);
    assert.ok(progress.loss[progress.loss.length - 1] < progress.loss[0], `loss ${progress.loss[0]} → ${progress.loss.at(-1)}`);
    assert.ok(unroll.results.get(editor.document.uri).trained?.weights);

    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    assert.ok(await vscode.commands.executeCommand('unroll.saveTrainedWeights', editor.document.uri));
    const saved = editor.document.getText();
    assert.notStrictEqual(saved, before);
    assert.match(saved, /"weight_hh_l0"/);
    assert.ok(editor.document.isDirty, 'the edit is in the editor, not written to disk');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before, 'one undo restores the spec');
    await revert(editor);
  });

  it('refuses to write trained weights into a spec whose model changed since training, and says what changed', async () => {
    const editor = await openExample('sine');
    const progress = (await vscode.commands.executeCommand('unroll.train', editor.document.uri, 3)) as { state: string };
    assert.strictEqual(progress.state, 'done');
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await replaceInDocument(editor, /"hiddenSize": \d+/, '"hiddenSize": 3');
    const changed = editor.document.getText();
    const shown: string[] = [];
    const window = vscode.window as { showWarningMessage: typeof vscode.window.showWarningMessage };
    const original = window.showWarningMessage;
    window.showWarningMessage = (async (message: string) => {
      shown.push(message);
      return undefined;
    }) as typeof vscode.window.showWarningMessage;
    try {
      assert.strictEqual(await vscode.commands.executeCommand('unroll.saveTrainedWeights', editor.document.uri), false);
    } finally {
      window.showWarningMessage = original;
    }
    assert.strictEqual(editor.document.getText(), changed, 'nothing was written');
    assert.match(shown.join('\n'), /hiddenSize 4 → 3/);
    await revert(editor);
  });

  it('compares rnn, lstm and gru on the same data', async () => {
    const editor = await openExample('long-range-rnn');
    const comparison = (await vscode.commands.executeCommand('unroll.compareCells', editor.document.uri)) as {
      curves: { cell: string; gradNormByDistance: number[] }[];
    };
    assert.deepStrictEqual(comparison.curves.map((c) => c.cell), ['rnn', 'lstm', 'gru']);
    for (const curve of comparison.curves) assert.ok(curve.gradNormByDistance.length > 10);
  });

  it('checks gradients by finite differences and shows the table', async () => {
    const editor = await openExample('statquest-stock');
    const report = (await vscode.commands.executeCommand('unroll.checkGradients', editor.document.uri)) as { ok: boolean; markdown: string; report: string };
    assert.ok(report.ok, report.markdown);
    assert.match(report.markdown, /\| weight_hh_l0 \|/);
    // Rendered, not raw: VS Code's Markdown preview of a read-only report opens beside the spec.
    const markdownPreview = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
    for (let waited = 0; !markdownPreview() && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ');
    assert.ok(markdownPreview(), `a Markdown preview tab; tabs: ${tabs()}`);
    assert.match(markdownPreview()!.label, /Gradient check — statquest-stock\.rnn\.json/);
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputText && /markdown/i.test(t.label)), `no raw Markdown editor; tabs: ${tabs()}`);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(report.report));
    assert.strictEqual(document.getText(), report.markdown);
    assert.strictEqual(document.languageId, 'markdown');
    assert.ok(!document.isUntitled && !document.isDirty, 'nothing for the person to save or discard on closing');
  });

  it('exports the per-step gradients as CSV to the file the user chose', async () => {
    const unroll = await api();
    const editor = await openExample('vanishing');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const model = await modelOf(unroll, editor.document.uri);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-export-'));
    const target = vscode.Uri.file(path.join(folder, 'g.csv'));
    await vscode.commands.executeCommand('unroll.export', editor.document.uri, 'csv', target);
    const lines = fs.readFileSync(target.fsPath, 'utf8').trim().split('\n');
    fs.rmSync(folder, { recursive: true, force: true });
    assert.strictEqual(lines.length, model.steps + 1);
    assert.strictEqual(Number(lines[1].split(',')[1]), model.gradNorm[0]);
  });

  it('exports the diagram as the view draws it: SVG with every step, PNG, and an HTML report', async () => {
    const unroll = await api();
    const editor = await openExample('statquest-stock');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const model = await modelOf(unroll, editor.document.uri);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-export-'));
    try {
      const svg = vscode.Uri.file(path.join(folder, 'd.svg'));
      assert.ok(await vscode.commands.executeCommand('unroll.export', editor.document.uri, 'svg', svg), 'svg export failed');
      const svgText = fs.readFileSync(svg.fsPath, 'utf8');
      assert.match(svgText, /^<svg/);
      for (let t = 0; t < model.steps; t++) assert.ok(svgText.includes(`data-step="${t}"`), `step ${t} missing`);
      assert.match(svgText, /<marker id="unroll-arrow"/, 'the arrowheads the edges refer to');
      assert.doesNotMatch(svgText, /<image\b/, 'node colours as shapes, not a picture');
      const png = vscode.Uri.file(path.join(folder, 'd.png'));
      assert.ok(await vscode.commands.executeCommand('unroll.export', editor.document.uri, 'png', png), 'png export failed');
      assert.deepStrictEqual([...fs.readFileSync(png.fsPath).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const html = vscode.Uri.file(path.join(folder, 'r.html'));
      await vscode.commands.executeCommand('unroll.export', editor.document.uri, 'html', html);
      const page = fs.readFileSync(html.fsPath, 'utf8');
      assert.strictEqual((page.match(/<svg\b[^>]*xmlns=/g) ?? []).length, 2, 'the diagram and the gradient chart');
      assert.match(page, /<marker id="unroll-arrow"/);
      const shown = unroll.previews.previewsOf(editor.document.uri)[0]?.model ?? model;
      assert.match(page, new RegExp(`sequence ${shown.sequence + 1} of ${shown.sequenceCount}`), 'numbered as the preview numbers it');
      const rows = [...page.matchAll(/<tr data-step="(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepStrictEqual(rows, Array.from({ length: model.steps }, (_, t) => t + 1), 'the per-step table, numbered from 1');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says where every export went, and Open shows the file', async () => {
    const editor = await openExample('vanishing');
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    await modelOf(await api(), editor.document.uri);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-export-'));
    const shown: { message: string; items: string[] }[] = [];
    const window = vscode.window as { showInformationMessage: typeof vscode.window.showInformationMessage };
    const original = window.showInformationMessage;
    window.showInformationMessage = (async (message: string, ...items: string[]) => {
      shown.push({ message, items });
      return items.includes('Open') ? 'Open' : undefined;
    }) as unknown as typeof vscode.window.showInformationMessage;
    const tabUris = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath);
    try {
      for (const format of ['csv', 'json', 'html', 'svg', 'png', 'py'] as const) {
        const target = vscode.Uri.file(path.join(folder, `export.${format}`));
        assert.ok(await vscode.commands.executeCommand('unroll.export', editor.document.uri, format, target), `${format} export failed`);
        const note = shown.find((n) => n.message.includes(`export.${format}`));
        assert.ok(note, `no word after the ${format} export; shown: ${JSON.stringify(shown)}`);
        assert.deepStrictEqual(note.items, ['Open']);
        await waitFor(() => tabUris().includes(target.fsPath), `export.${format} opened`, 10_000);
      }
    } finally {
      window.showInformationMessage = original;
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exports a PyTorch script that reads the CSV next to the spec, wherever it is saved', async () => {
    const editor = await openExample('stock-prices');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-export-'));
    try {
      const target = vscode.Uri.file(path.join(folder, 'stock.py'));
      const written = (await vscode.commands.executeCommand('unroll.export', editor.document.uri, 'py', target)) as vscode.Uri | undefined;
      assert.strictEqual(written?.fsPath, target.fsPath);
      const script = fs.readFileSync(target.fsPath, 'utf8');
      assert.match(script, /self\.rnn = torch\.nn\.LSTM\(/);
      const dataDir = /^DATA_DIR = Path\(__file__\)\.resolve\(\)\.parent \/ "([^"]+)"/m.exec(script)?.[1];
      assert.ok(dataDir, 'DATA_DIR names the spec folder relative to the script');
      assert.ok(fs.existsSync(path.join(folder, dataDir, 'stock-prices.csv')), `${dataDir} does not lead to the CSV`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('preview after a window reload', function () {
  this.timeout(60_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is restored by the serializer onto its document, sequence and lock', async () => {
    const unroll = await api();
    const editor = await openExample('statquest-stock');
    // What VS Code does on reload: a bare panel of our view type, handed to the serializer with the saved state.
    const panel = vscode.window.createWebviewPanel('unroll.preview', 'Unroll', vscode.ViewColumn.Two, {});
    await unroll.previews.deserializeWebviewPanel(panel, { uri: editor.document.uri.toString(), locked: true, sequence: 2, zoom: 1.5 });
    const model = await modelOf(unroll, editor.document.uri);
    assert.strictEqual(model.sequence, 2);
    const restored = unroll.previews.previewsOf(editor.document.uri)[0];
    assert.strictEqual(restored.locked, true);
    assert.strictEqual(restored.state.zoom, 1.5);
  });
});
