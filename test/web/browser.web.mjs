// The extension in a browser-hosted VS Code (code-server's web workbench), as vscode.dev or github.dev runs it: a
// copy whose manifest has only the `browser` entry point (no `main`), so it can only run in the web worker extension
// host, with its jobs in a Web Worker started from a Blob URL and every file read through vscode.workspace.fs.
// The preview's per-step ‖dL/dh_t‖ must be PyTorch's (lstm-small's fixture) and the Node engine's (`unroll grad`)
// for the StatQuest example, the long-range LSTM and an 8→32 LSTM over 100 steps; Train, Check Gradients and Compare
// Cells must work.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lstmSpec } from '../../bench/preview-probe.mjs';
import { PROJECT_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { cliGrad, openNumbersTable, pollUntil, previewFrame, readPreview, sameNumber, specFacts } from '../../scripts/lib/preview.mjs';
import { stageWebExtension } from '../../scripts/lib/web-extension.mjs';

const range = (n) => Array.from({ length: n }, (_, t) => t);
const LONG_LSTM = 'lstm-8-32x100.rnn.json';

/** Opens `file` and its preview, opens "Numbers per step", and returns the rows as shown. */
async function previewRows(workbench, workspace, file) {
  const facts = specFacts(join(workspace.dir, file));
  await workbench.openFile(file);
  await workbench.runCommand('Unroll: Open Preview to the Side');
  const frame = await previewFrame(workbench, facts.name, { timeout: 60_000 });
  await openNumbersTable(frame, facts.steps, { timeout: 60_000 });
  const shown = await readPreview(frame);
  assert.deepEqual(shown.rows.map((row) => row.step), range(facts.steps), 'one table row per step, in order');
  return { facts, frame, rows: shown.rows };
}

describe('the web extension in a browser-hosted VS Code (web)', () => {
  /** @type {ReturnType<typeof stageWebExtension> | undefined} */
  let staged;
  before(() => {
    staged = stageWebExtension();
    const manifest = JSON.parse(readFileSync(join(staged.dir, 'package.json'), 'utf8'));
    assert.equal(manifest.main, undefined, 'the copy has no Node entry point');
    assert.equal(manifest.browser, './dist/web/extension.js');
  });
  after(() => staged?.remove());

  const session = useWorkbench({ settings: { 'files.exclude': { '.vscode': true } }, extensionDevelopmentPath: () => staged?.dir ?? '' });

  before(() => {
    // An 8→32 LSTM over 100 steps (the preview benchmark's spec) and PyTorch's lstm-small, beside the examples.
    writeFileSync(join(session.workspace.dir, LONG_LSTM), `${JSON.stringify(lstmSpec(), null, 2)}\n`);
    const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/pytorch/lstm-small.json'), 'utf8'));
    writeFileSync(join(session.workspace.dir, 'lstm-small.rnn.json'), `${JSON.stringify(fixture.spec, null, 2)}\n`);
  });

  beforeEach(async () => {
    if ((await session.workbench.editorTabs()).length > 0) await session.workbench.closeAllEditors();
  });

  it("lstm-small: the preview's ‖dL/dh_t‖ on every step is PyTorch's", async () => {
    const { workbench, workspace } = session;
    const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/pytorch/lstm-small.json'), 'utf8'));
    const { facts, rows } = await previewRows(workbench, workspace, 'lstm-small.rnn.json');
    const pytorch = fixture.expected.dLdh[facts.sequence].map((grad) => Math.hypot(...grad));
    const wrong = rows.filter((row) => !sameNumber(row.gradNorm, pytorch[row.step], fixture.tolerance.relative));
    assert.deepEqual(wrong.map((row) => `step ${row.step}: shown ${row.gradNorm}, PyTorch ${pytorch[row.step]}`), []);
  });

  for (const file of ['statquest-stock.rnn.json', 'long-range-lstm.rnn.json', LONG_LSTM]) {
    it(`${file}: the preview's ‖dL/dh_t‖ on every step is the Node engine's`, async () => {
      const { workbench, workspace } = session;
      const { facts, rows } = await previewRows(workbench, workspace, file);
      const expected = cliGrad(join(workspace.dir, file)).stepGradNorm[facts.sequence];
      const wrong = rows.filter((row) => !sameNumber(row.gradNorm, expected[row.step]));
      assert.deepEqual(wrong.map((row) => `step ${row.step}: shown ${row.gradNorm}, engine ${expected[row.step]}`), []);
      await workbench.screenshot(`web-${file.replace(/\.rnn\.json$/, '')}`);
    });
  }

  it('Unroll: Train on long-range-lstm.rnn.json runs to its last epoch, and the loss falls', async () => {
    const { workbench, workspace } = session;
    const file = 'long-range-lstm.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, facts.name, { timeout: 60_000 });
    await workbench.runCommand('Unroll: Train');
    const training = frame.locator('section.training');
    const status = await pollUntil(
      () => training.locator('[role="status"]').first().textContent().catch(() => ''),
      (text) => /done|stopped|diverged/.test(text ?? ''),
      { timeout: 90_000, what: 'training to end' },
    );
    assert.match(status ?? '', /^Epoch (\d+) \/ \1 · done$/);
    const readout = training.locator('.scrub output');
    const lossAt = async () => Number(/loss (\S+)/.exec((await readout.textContent()) ?? '')?.[1]);
    const last = await lossAt();
    await training.locator('.scrub input[type="range"]').fill('1');
    const first = await lossAt();
    assert.ok(last < first / 10, `the loss falls at least tenfold: epoch 1 ${first}, last ${last}`);
  });

  it('Unroll: Check Gradients on statquest-stock.rnn.json opens its report: every checked element agrees', async () => {
    const { workbench, workspace } = session;
    const file = 'statquest-stock.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Check Gradients (Finite Differences vs BPTT)', { timeout: 30_000 });
    // Shown rendered, in VS Code's own Markdown preview (a webview of its own), as on the desktop.
    const report = await pollUntil(async () => (await workbench.webviewTexts()).find((text) => text.includes('Gradient check:')) ?? '', (text) => text !== '', {
      timeout: 60_000,
      what: 'the gradient check report',
    });
    assert.match(report, new RegExp(`Gradient check: ${facts.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(report, /All \d+ checked elements agree\./);
  });

  it('Unroll: New Spec from Example… on the CSV example says the copy cannot reach the CSV inside the extension', async () => {
    const { workbench } = session;
    await workbench.clearNotifications();
    const box = workbench.page.locator('.quick-input-widget .quick-input-box input');
    // The palette lists the command once the extension has registered it: open it again until Enter runs it.
    for (let attempt = 1; ; attempt++) {
      await workbench.openPalette('Unroll: New Spec from Example…');
      await workbench.page.waitForTimeout(800);
      await workbench.page.keyboard.press('Enter');
      const picker = await pollUntil(() => box.getAttribute('placeholder').catch(() => ''), (text) => /Pick an example/.test(text ?? ''), {
        timeout: 5_000,
        what: 'the example picker',
      }).catch((error) => (attempt < 3 ? undefined : Promise.reject(error)));
      if (picker) break;
    }
    await box.fill('Stock prices');
    await workbench.page.waitForTimeout(400);
    await workbench.page.keyboard.press('Enter');
    const shown = await pollUntil(() => workbench.notifications(), (texts) => texts.some((t) => t.includes('stock-prices.csv')), {
      timeout: 30_000,
      what: 'a notification about stock-prices.csv',
    });
    assert.ok(shown.some((t) => /comes with the extension.*Put a copy of stock-prices\.csv beside the spec/.test(t)), JSON.stringify(shown));
    // The copy keeps the file's name relative, so a CSV put beside it is the one it reads.
    assert.match(await workbench.activeEditorText(), /"file": "stock-prices\.csv"/);
    await workbench.runCommand('View: Revert and Close Editor');
  });

  it('Unroll: Compare Cells on long-range-rnn.rnn.json draws RNN, LSTM and GRU', async () => {
    const { workbench, workspace } = session;
    const file = 'long-range-rnn.rnn.json';
    const facts = specFacts(join(workspace.dir, file));
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Compare Cells (RNN / LSTM / GRU)', { timeout: 30_000 });
    const frame = await previewFrame(workbench, facts.name, { timeout: 60_000 });
    const compare = frame.locator('section.compare');
    await compare.locator('[data-testid="compare-chart"] polyline').first().waitFor({ timeout: 60_000 });
    const legend = await compare.locator('.legend li strong').allTextContents();
    assert.deepEqual(legend.map((s) => s.trim()), ['RNN', 'LSTM', 'GRU']);
    const conclusion = ((await compare.locator('[data-testid="compare-conclusion"]').textContent()) ?? '').trim();
    assert.match(conclusion, /the (LSTM|GRU)'s gradient is .+ times the RNN's/);
    await workbench.screenshot('web-compare');
  });
});
