// Training and what follows it, inside a real VS Code extension host: a long run reaches the preview as small deltas
// (linear in the epochs, never the whole history again); Training replay redraws the preview with a kept epoch's
// weights; a diverged run puts a warning with quick fixes on the spec's "training"; and "Unroll: Sample from Model"
// samples with the weights trained in the session. Every edit is made in memory and reverted.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { UnrollApi } from '../../src/extension';
import { decodeMessage, encodedSize, encodeMessage, type HostToWebview, type PreviewModel, type SampleShown, type TrainingProgress } from '../../src/protocol';
import type { SpecPreview } from '../../src/preview/previewPanel';
import { api, openExample, revert, waitFor as waitUntil } from './helpers';

/** Polls until `probe` gives a value; this suite waits up to 30 s unless told otherwise. */
const waitFor = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> => waitUntil(probe, what, timeoutMs);




/** Replaces the whole spec with `change` applied to its JSON (in memory, undoable). */
async function editSpec(editor: vscode.TextEditor, change: (spec: Record<string, any>) => void): Promise<void> {
  const spec = JSON.parse(editor.document.getText());
  change(spec);
  const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
  assert.ok(await editor.edit((edit) => edit.replace(whole, JSON.stringify(spec, null, 2))));
}


async function previewOf(unroll: UnrollApi, uri: vscode.Uri): Promise<SpecPreview> {
  await vscode.commands.executeCommand('unroll.openPreviewToSide', uri);
  return waitFor(() => unroll.previews.previewsOf(uri).find((p) => p.model), `a preview of ${path.basename(uri.path)}`);
}

/** Every message the host posts to this preview from now on, as the webview receives it (encoded when posted). */
function record(preview: SpecPreview): HostToWebview[] {
  const seen: HostToWebview[] = [];
  const post = preview.post.bind(preview);
  preview.post = (message) => {
    seen.push(decodeMessage(encodeMessage(message)));
    post(message);
  };
  return seen;
}

const train = (uri: vscode.Uri, epochs?: number) => vscode.commands.executeCommand('unroll.train', uri, epochs) as Thenable<TrainingProgress>;

describe('training, replay and sampling', function () {
  this.timeout(180_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('streams a long run to the preview as deltas: each epoch once, a message per report at most', async () => {
    const unroll = await api();
    const editor = await openExample('sine');
    const preview = await previewOf(unroll, editor.document.uri);
    const posted = record(preview);
    const started = Date.now();
    const epochs = 3000;
    const progress = await train(editor.document.uri, epochs);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(progress.state, 'done');
    const training = posted.filter((m) => m.type === 'training' || m.type === 'trainingDelta');
    const deltas = training.flatMap((m) => (m.type === 'trainingDelta' ? [m.delta] : []));
    const fulls = training.filter((m) => m.type === 'training');
    assert.deepEqual(fulls.map((m) => m.type === 'training' && m.progress.loss.length), [0, epochs], 'the whole progress only at the start and at the end');
    assert.equal(deltas.reduce((n, d) => n + d.loss.length, 0), epochs, 'every epoch is sent once');
    deltas.forEach((d, i) => i > 0 && assert.equal(d.from, deltas[i - 1].from + deltas[i - 1].loss.length, 'consecutive deltas'));
    // The worker reports every 100 ms: about ten small messages a second, whatever the epochs.
    assert.ok(deltas.length <= seconds * 12 + 5, `${deltas.length} deltas in ${seconds.toFixed(1)} s`);
    const bytes = deltas.reduce((n, d) => n + encodedSize(encodeMessage({ type: 'trainingDelta', delta: d })), 0);
    assert.ok(bytes < 120 * epochs + 400 * deltas.length, `${bytes} bytes of deltas for ${epochs} epochs: linear in the epochs`);
    assert.deepEqual(unroll.results.get(editor.document.uri).training?.loss, progress.loss, 'the host kept the whole curve');
  });

  it('replays training: a kept epoch\'s weights redraw the preview, and back to the spec\'s', async () => {
    const unroll = await api();
    const editor = await openExample('long-range-lstm');
    const uri = editor.document.uri;
    const preview = await previewOf(unroll, uri);
    const asSpec = preview.model!;
    const progress = await train(uri, 12);
    assert.deepEqual(progress.replayEpochs, Array.from({ length: 13 }, (_, e) => e), 'every epoch of a short run is kept');
    const shown = (accept: (m: PreviewModel) => boolean, what: string) => waitFor(() => (preview.model && accept(preview.model) ? preview.model : undefined), what);

    preview.receive({ type: 'showEpoch', uri: uri.toString(), epoch: 0 });
    const initial = await shown((m) => m.replay?.epoch === 0, 'the initial weights');
    assert.deepEqual(initial.gradNorm, asSpec.gradNorm, 'epoch 0 is where the spec starts');
    preview.receive({ type: 'showEpoch', uri: uri.toString(), epoch: 12 });
    const last = await shown((m) => m.replay?.epoch === 12, 'epoch 12');
    assert.deepEqual(last.replay, { epoch: 12, epochs: 12 });
    assert.ok(last.loss.value < asSpec.loss.value, `the loss at epoch 12 (${last.loss.value}) is below the spec's (${asSpec.loss.value})`);
    assert.equal(unroll.status.model?.replay, undefined, 'the status bar keeps the spec\'s own numbers');
    preview.receive({ type: 'showEpoch', uri: uri.toString(), epoch: null });
    const back = await shown((m) => m.replay === undefined, "the spec's weights");
    assert.deepEqual(back.gradNorm, asSpec.gradNorm);
  });

  it('after a diverged run, warns on "training" with quick fixes that edit the spec', async () => {
    const unroll = await api();
    const editor = await openExample('exploding');
    const uri = editor.document.uri;
    await editSpec(editor, (spec) => {
      spec.model.weights.weight_hh_l0 = [[3]];
      spec.data.generate.length = 400;
      spec.training = { optimizer: 'sgd', learningRate: 0.5, epochs: 30 };
    });
    try {
      const progress = await train(uri, 30);
      assert.equal(progress.state, 'diverged');
      assert.ok(progress.divergence && progress.divergence.epoch >= 1);
      assert.ok(unroll.results.get(uri).training?.divergence);
      const warning = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'unroll training'), 'the divergence warning');
      assert.match(warning.message, /^Training diverged in epoch \d+.*clip the gradient \("clipNorm": 1\) or lower the learning rate \(0\.5 → 0\.05\)/);
      assert.equal(editor.document.getText(warning.range), '"training"');
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, warning.range)) as vscode.CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Add clipNorm: 1') && titles.includes('Learning rate 0.5 → 0.05'), `quick fixes: ${titles}`);
      const clip = actions.find((a) => a.title === 'Add clipNorm: 1')!;
      assert.ok(await vscode.workspace.applyEdit(clip.edit!));
      assert.equal(JSON.parse(editor.document.getText()).training.clipNorm, 1);
      await waitFor(() => !vscode.languages.getDiagnostics(uri).some((d) => d.source === 'unroll training'), 'the warning to go with the edit');
    } finally {
      await revert(editor);
    }
  });

  it('Sample from Model: the spec\'s weights before training, the trained ones after, shown in the preview', async () => {
    const unroll = await api();
    const editor = await openExample('char-rnn');
    const uri = editor.document.uri;
    const preview = await previewOf(unroll, uri);
    const posted = record(preview);
    const settings = { prime: 'It was', length: 60, temperature: 0, seed: 0 };
    const before = (await vscode.commands.executeCommand('unroll.sampleFromModel', uri, settings)) as SampleShown;
    assert.equal(before.weights, 'init');
    assert.equal(before.steps.length, 60);
    assert.equal(before.prime, 'It was');
    await train(uri, 3);
    const after = (await vscode.commands.executeCommand('unroll.sampleFromModel', uri, settings)) as SampleShown;
    assert.equal(after.weights, 'trained');
    assert.match(after.weightsNote, /^trained in this session \(3 epochs, loss \d/);
    assert.notDeepEqual(after.steps.map((s) => s.probability), before.steps.map((s) => s.probability));
    assert.deepEqual(unroll.results.get(uri).sample, after, 'the host keeps the last sample');
    const sent = await waitFor(() => posted.filter((m) => m.type === 'sample'), 'the samples posted to the preview');
    assert.deepEqual(sent.at(-1), { type: 'sample', sample: after, reveal: true });
    // A spec without text: nothing to sample, said in words.
    const sine = await openExample('sine');
    assert.equal(await vscode.commands.executeCommand('unroll.sampleFromModel', sine.document.uri, settings), undefined);
  });
});
