// "Unroll: Train" and "Unroll: Compare Cells (RNN / LSTM / GRU)" from the palette, read back off the preview:
// the training view reaches its last epoch with a falling loss (the engine's own curve, from `unroll train`), and
// the comparison draws three curves where the gated cells keep more gradient than the RNN.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXTENSION_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';

/** `unroll train SPEC --json`: the loss per epoch, computed outside VS Code. */
function cliTrainLoss(specPath) {
  const result = spawnSync(process.execPath, [join(EXTENSION_ROOT, 'dist', 'cli.js'), 'train', specPath, '--json'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`unroll train exited with ${result.status}: ${result.stderr}`);
  return /** @type {number[]} */ (JSON.parse(result.stdout).loss);
}

/** The number after "loss " in the epoch scrubber's read-out ("12: loss 0.01234 · ‖∇θ‖ 0.5"). */
function lossIn(readout) {
  const match = /^(\d+): loss (\S+)/.exec(readout);
  if (!match) throw new Error(`unexpected read-out: "${readout}"`);
  return { epoch: Number(match[1]), loss: Number(match[2]) };
}

describe('Train and Compare Cells from the palette (e2e)', () => {
  const session = useWorkbench({ colorTheme: 'Dark Modern', settings: { 'files.exclude': { '.vscode': true } } });

  beforeEach(async () => {
    if ((await session.workbench.editorTabs()).length > 0) await session.workbench.closeAllEditors();
  });

  it('Unroll: Train on sine.rnn.json runs every epoch and the loss falls', async () => {
    const { workbench, workspace } = session;
    const file = 'sine.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    const engineLoss = cliTrainLoss(join(workspace.dir, file));

    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Train');
    const frame = await previewFrame(workbench, facts.name);
    const training = frame.locator('section.training');
    const statuses = new Set();
    const final = await pollUntil(
      () => training.locator('[role="status"]').textContent({ timeout: 1_000 }).catch(() => ''),
      (text) => {
        if (text) statuses.add(text.trim());
        return /done|stopped|diverged/.test(text ?? '');
      },
      { timeout: 60_000, what: 'training to end' },
    );
    const epochs = engineLoss.length;
    assert.equal(final?.trim(), `Epoch ${epochs} / ${epochs} · done`, `statuses seen: ${[...statuses].join(' | ')}`);
    const progress = await training.locator('progress').evaluate((p) => [p.value, p.max]);
    assert.deepEqual(progress, [epochs, epochs], 'the progress bar is full');
    assert.ok(await training.locator('[data-testid="loss-curve"] polyline').count() > 0, 'the loss curve is drawn');

    const readout = training.locator('.scrub output');
    const last = lossIn((await readout.textContent()) ?? '');
    await training.locator('.scrub input[type="range"]').fill('1');
    const first = lossIn((await readout.textContent()) ?? '');
    assert.equal(last.epoch, epochs);
    assert.equal(first.epoch, 1);
    assert.ok(last.loss < first.loss / 10, `the loss falls at least tenfold: epoch 1 ${first.loss}, epoch ${epochs} ${last.loss}`);
    // Shown to 4 significant digits: the engine's curve, rounded.
    const close = (shown, exact) => Math.abs(shown - exact) <= 1e-3 * Math.abs(exact);
    assert.ok(close(first.loss, engineLoss[0]), `epoch 1 shows ${first.loss}, the engine's is ${engineLoss[0]}`);
    assert.ok(close(last.loss, engineLoss[epochs - 1]), `epoch ${epochs} shows ${last.loss}, the engine's is ${engineLoss[epochs - 1]}`);

    await training.locator('.scrub input[type="range"]').fill(String(epochs));
    await training.scrollIntoViewIfNeeded();
    await workbench.screenshot('train-sine');
    await workbench.screenshotEditors('editor-training');
  });

  it('Unroll: Compare Cells on long-range-rnn.rnn.json draws RNN, LSTM and GRU, and the gated cells keep more gradient', async () => {
    const { workbench, workspace } = session;
    const file = 'long-range-rnn.rnn.json';
    const facts = specFacts(join(workspace.dir, file));

    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Compare Cells (RNN / LSTM / GRU)', { timeout: 30_000 });
    const frame = await previewFrame(workbench, facts.name);
    const compare = frame.locator('section.compare');
    await compare.locator('[data-testid="compare-chart"] polyline').first().waitFor({ timeout: 30_000 });

    const legend = await compare.locator('.legend li strong').allTextContents();
    assert.deepEqual(legend.map((s) => s.trim()), ['RNN', 'LSTM', 'GRU']);
    // One colour per cell; a curve may be drawn in several pieces where it is not finite.
    const curves = await compare.locator('[data-testid="compare-chart"] polyline').evaluateAll((lines) =>
      [...new Set(lines.map((l) => l.getAttribute('stroke')))].map((stroke) => ({
        stroke,
        points: lines.filter((l) => l.getAttribute('stroke') === stroke).reduce((n, l) => n + (l.getAttribute('points') ?? '').trim().split(/\s+/).length, 0),
      })),
    );
    assert.equal(curves.length, 3, `three curves: ${JSON.stringify(curves)}`);
    for (const curve of curves) assert.equal(curve.points, facts.steps, `one point per distance 0..T−1: ${JSON.stringify(curve)}`);
    const conclusion = ((await compare.locator('[data-testid="compare-conclusion"]').textContent()) ?? '').trim();
    assert.match(conclusion, /the (LSTM|GRU)'s gradient is .+ times the RNN's/, `the conclusion favours a gated cell: "${conclusion}"`);

    await compare.scrollIntoViewIfNeeded();
    await workbench.screenshot('compare-long-range');
    await workbench.screenshotEditors('editor-compare');
  });
});
