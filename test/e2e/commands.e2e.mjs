// The gated cells and training, in a dark workbench: the LSTM example's gradient still reaches its first step;
// "Unroll: Train" from the palette reaches its last epoch with a falling loss (the engine's own curve, from
// `unroll train`); "Unroll: Compare Cells (RNN / LSTM / GRU)" draws three curves where the gated cells keep more
// gradient than the RNN. The editor-*.png crops are the README's pictures (media/screenshots/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXTENSION_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { cliGrad, pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';

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

/** Scrolls the preview so `section` starts at the top, and drops focus rings, for a picture. */
async function frameForPicture(frame, section) {
  await frame.evaluate((selector) => {
    document.querySelector(selector)?.scrollIntoView({ block: 'start' });
    /** @type {HTMLElement | null} */ (document.activeElement)?.blur();
  }, section);
  await frame.waitForTimeout(200);
}

describe('gated cells and training, from the palette (e2e)', () => {
  const session = useWorkbench({
    colorTheme: 'Dark Modern',
    settings: { 'files.exclude': { '.vscode': true }, 'editor.minimap.enabled': false },
  });

  beforeEach(async () => {
    if ((await session.workbench.editorTabs()).length > 0) await session.workbench.closeAllEditors();
  });

  it("long-range-lstm.rnn.json: the LSTM's gradient still reaches step 0", async () => {
    const { workbench, workspace } = session;
    const file = 'long-range-lstm.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    const norms = cliGrad(join(workspace.dir, file)).stepGradNorm[facts.sequence];
    const ratio = norms[0] / norms[facts.steps - 1];
    assert.ok(ratio > 1e-3, `the engine's step-0 gradient is ${ratio} of the last step's: the example no longer shows a surviving gradient`);

    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, facts.name);
    assert.match((await frame.locator('[data-testid="health-badge"]').textContent()) ?? '', /healthy/);
    const summary = ((await frame.locator('[data-testid="gradient-summary"]').textContent()) ?? '').trim();
    // Steps are numbered from 1 for people, as the preview and the CLI number them.
    const shown = /step 1 is (\S+) × the one at step (\d+)/.exec(summary);
    assert.ok(shown, `the chart's summary states the ratio: "${summary}"`);
    assert.equal(Number(shown[2]), facts.steps);
    assert.ok(Math.abs(Number(shown[1]) - ratio) <= 5e-3 * ratio, `the summary's ratio ${shown[1]} is the engine's ${ratio} (3 digits)`);

    await frameForPicture(frame, 'section.gradient');
    await workbench.screenshotEditors('editor-lstm');
  });

  it('Unroll: Train on long-range-lstm.rnn.json streams its progress, and the loss falls', async () => {
    const { workbench, workspace } = session;
    // The LSTM takes most of a second to train here: long enough to catch the progress as it streams.
    const file = 'long-range-lstm.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    const engineLoss = cliTrainLoss(join(workspace.dir, file));

    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, facts.name);
    // Record every status the view shows, as it happens (polling could miss all but the last).
    await frame.evaluate(() => {
      const seen = [];
      /** @type {any} */ (window).__unrollStatuses = seen;
      const section = document.querySelector('section.training');
      new MutationObserver(() => {
        const text = section?.querySelector('[role="status"]')?.textContent?.trim();
        if (text && text !== seen[seen.length - 1]) seen.push(text);
      }).observe(/** @type {Node} */ (section), { subtree: true, childList: true, characterData: true });
    });
    await workbench.runCommand('Unroll: Train');
    const training = frame.locator('section.training');
    const statuses = await pollUntil(
      () => frame.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).__unrollStatuses)),
      (seen) => /done|stopped|diverged/.test(seen.at(-1) ?? ''),
      { timeout: 60_000, what: 'training to end' },
    );
    const epochs = engineLoss.length;
    assert.equal(statuses.at(-1), `Epoch ${epochs} / ${epochs} · done`);
    const shownEpochs = statuses.map((text) => Number(/^Epoch (\d+)/.exec(text)?.[1]));
    assert.ok(
      statuses.some((text) => text.endsWith('running')) && shownEpochs.every((e, i) => i === 0 || e >= shownEpochs[i - 1]),
      `the view streamed its progress, epoch by epoch, while running: ${statuses.join(' | ')}`,
    );
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
    await frameForPicture(frame, 'section.training');
    await workbench.screenshot('train-lstm');
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

    await frameForPicture(frame, 'section.compare');
    await workbench.screenshot('compare-long-range');
    await workbench.screenshotEditors('editor-compare');
  });
});
