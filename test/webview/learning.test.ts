// The views that follow learning, in Chromium through the gallery: training by epoch and minibatch with the
// validation loss beside the training loss, a long run streamed as deltas, Training replay, a diverged run's
// advice, a classifier's predictions and a text's characters, and the sample view read by mouse and keyboard in
// light, dark and high-contrast themes. Screenshots go to test-output/screenshots/webview-*.png.
import * as assert from 'node:assert/strict';
import type { PreviewModel, TrainingDelta, TrainingProgress } from '../../src/protocol';
import { contrast, type Rgb } from '../../webview/lib/colors';
import { useGallery } from './gallery';
import { lstm, SETTINGS, trainingProgress } from './sampleModels';
import { textModel, textSample } from './textModels';

const TEXT_URI = 'file:///examples/tiny-char-rnn.rnn.json';

/** "rgb(r, g, b)" or "rgba(r, g, b, a)" → colour and alpha. */
function rgba(css: string): { rgb: Rgb; alpha: number } {
  const [r, g, b, a] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return { rgb: [r, g, b], alpha: a ?? 1 };
}

/** A translucent background over an opaque one, as the page paints it. */
function over(top: { rgb: Rgb; alpha: number }, below: Rgb): Rgb {
  const mix = (i: number) => top.rgb[i] * top.alpha + below[i] * (1 - top.alpha);
  return [mix(0), mix(1), mix(2)];
}

describe('webview views of learning (in Chromium, through the gallery)', function () {
  this.timeout(240_000);
  const g = useGallery();
  let version = 1;

  async function show(model: PreviewModel): Promise<PreviewModel> {
    await g.post({ type: 'model', model, settings: SETTINGS });
    await g.frame.waitForSelector(`main[data-version="${model.version}"]`);
    return model;
  }

  it('streams a run by epoch and minibatch, and draws the validation loss beside the training loss', async () => {
    const model = await show(lstm(7, version++));
    await g.page.evaluate(() => (globalThis as any).gallery.simulateTraining(120, { validation: true, batches: 4 }));
    const status = g.frame.locator('section.training [role="status"]');
    await g.frame.waitForFunction(() => /minibatch \d+ \/ 4 · running/.test((globalThis as any).document.querySelector('section.training [role="status"]')?.textContent ?? ''));
    await g.frame.waitForSelector('section.training .status:text("done")', { timeout: 20_000 });
    assert.equal((await status.textContent())?.trim(), 'Epoch 120 / 120 · done');
    const strokes = await g.frame.$$eval('[data-testid="loss-curve"] polyline', (lines) => [...new Set(lines.map((l) => `${l.getAttribute('stroke')}|${l.getAttribute('stroke-dasharray')}`))]);
    assert.equal(strokes.length, 2, `a training and a validation line: ${strokes}`);
    assert.match((await g.frame.textContent('section.training .title'))!, /training\s*validation/);
    const expected = trainingProgress(model.uri, 120, 120, 'done', { validation: true, batches: 4 });
    assert.match((await g.frame.textContent('section.training .scrub output'))!, new RegExp(`^120: loss \\S+ · validation ${expected.validationLoss[119].toPrecision(4).replace(/\.?0+$/, '')} · ‖∇θ‖`));
  });

  it('follows 20,000 epochs streamed as deltas, drawing a few points per pixel instead of every epoch', async () => {
    const model = await show(lstm(7, version++));
    const epochs = 20_000;
    const full = trainingProgress(model.uri, 0, epochs, 'running');
    await g.post({ type: 'training', progress: full });
    const curve = (e: number) => 1 / Math.sqrt(e + 1) + 0.05 * Math.sin(e / 7);
    // 400 reports of 50 epochs each, as the host sends them: only what is new.
    for (let report = 0; report < 400; report++) {
      const from = report * 50;
      const loss = Array.from({ length: 50 }, (_, k) => curve(from + k));
      const delta: TrainingDelta = { uri: model.uri, epoch: from + 50, epochs, batch: 0, batches: 1, updates: from + 50, state: 'running', from, loss, gradNorm: loss, validationLoss: [] };
      await g.page.evaluate((m) => (globalThis as any).gallery.post(m), { type: 'trainingDelta', delta } as any);
    }
    await g.frame.waitForSelector(`section.training .status:text("Epoch ${epochs} / ${epochs}")`);
    assert.equal(await g.frame.getAttribute('section.training input[type="range"]', 'max'), String(epochs));
    const shape = await g.frame.$eval('[data-testid="loss-curve"]', (div) => {
      const lines = [...div.querySelectorAll('polyline')];
      const points = lines.flatMap((l) => (l.getAttribute('points') ?? '').trim().split(/\s+/).map((p) => Number(p.split(',')[0])));
      return { points: points.length, first: Math.min(...points), last: Math.max(...points), width: div.querySelector('svg')!.getAttribute('width') };
    });
    assert.ok(shape.points < 4 * Number(shape.width), `${shape.points} points for a ${shape.width} px chart`);
    assert.ok(shape.points > Number(shape.width) / 2, `still a full curve: ${shape.points} points`);
    assert.ok(shape.last - shape.first > Number(shape.width) * 0.8, 'the curve spans the whole axis');
  });

  it('replays a run: the slider asks for the nearest kept epoch, the banner says which, and goes back to the spec', async () => {
    const model = await show(lstm(7, version++));
    const done: TrainingProgress = { ...trainingProgress(model.uri, 40, 40, 'done'), replayEpochs: [0, 8, 16, 24, 32, 40] };
    await g.post({ type: 'training', progress: done });
    await g.frame.waitForSelector('[data-testid="replay-hint"]');
    assert.equal(await g.frame.getAttribute('section.training input[type="range"]', 'min'), '0', 'epoch 0: the initial weights');
    await g.clearLog();
    await g.frame.fill('section.training input[type="range"]', '19');
    await g.waitSent('showEpoch');
    assert.deepEqual((await g.sent('showEpoch')).at(-1), { type: 'showEpoch', epoch: 16, uri: model.uri });
    const banner = g.frame.locator('[data-testid="replay-banner"]');
    await banner.waitFor();
    assert.match((await banner.textContent())!.replace(/\s+/g, ' '), /the weights after epoch 16 of the last run \(\d+ epochs\), not the spec's/);
    assert.equal(await g.frame.locator('main > :is(section, div)').first().evaluate((e) => e.getAttribute('data-testid')), 'replay-banner', 'the banner is above the network');
    await g.screenshot('replay');
    await banner.locator('button').click();
    await g.waitSent('showEpoch', 2);
    assert.deepEqual((await g.sent('showEpoch')).at(-1), { type: 'showEpoch', epoch: null, uri: model.uri });
    await banner.waitFor({ state: 'detached' });
  });

  it('says where a run diverged and offers the two fixes, each posted to the host', async () => {
    const model = await show(lstm(7, version++));
    const diverged: TrainingProgress = {
      ...trainingProgress(model.uri, 2, 50, 'diverged'),
      loss: [2.1, 40, NaN],
      gradNorm: [3, 8e12, NaN],
      divergence: { epoch: 3, batch: 2, quantity: 'loss', learningRate: 0.5 },
    };
    await g.post({ type: 'training', progress: diverged });
    const note = g.frame.locator('[data-testid="divergence"]');
    await note.waitFor();
    assert.match((await note.textContent())!, /Diverged in epoch 3, minibatch 2:\s*the loss stopped being finite/);
    assert.match((await g.frame.textContent('section.training [role="status"]'))!, /diverged in epoch 3/);
    assert.deepEqual(await note.locator('button').allTextContents(), ['Add clipNorm: 1', 'Learning rate 0.5 → 0.05']);
    await g.clearLog();
    await note.locator('button[data-fix="clipNorm"]').click();
    await note.locator('button[data-fix="learningRate"]').click();
    await g.waitSent('fixDivergence', 2);
    assert.deepEqual((await g.sent('fixDivergence')).map((m) => m.fix), ['clipNorm', 'learningRate']);
  });

  it("labels a text's steps with their characters: network, tooltip, prediction strip and table", async () => {
    const model = await show(textModel(TEXT_URI, version++));
    const chars = model.characters!;
    const visible = (c: string) => (c === ' ' ? '␣' : c === '\n' ? '↵' : c);
    const reads = await g.frame.$$eval('svg.front g.step text.char', (texts) => texts.map((t) => t.textContent));
    assert.deepEqual(reads, chars.slice(0, model.steps).map(visible));
    const targets = await g.frame.$$eval('svg.front g.step text.target', (texts) => texts.map((t) => t.textContent));
    assert.deepEqual(targets, chars.slice(1).map((c) => `target ${visible(c)}`));
    await g.page.mouse.move(0, 0);
    await g.frame.focus('svg.front g.step[data-step="2"]');
    const tip = (await g.frame.textContent('#unroll-step-tip'))!;
    assert.match(tip, new RegExp(`reads ${visible(chars[2])} \\(one-hot\\)`));
    assert.match(tip, /predicted\s*\S+ \d/);
    // The strip: one box per step; the arrow keys move and select the step in the editor.
    assert.equal(await g.frame.locator('section.prediction .strip button').count(), model.steps);
    await g.clearLog();
    await g.frame.click('section.prediction [data-step="3"]');
    await g.page.keyboard.press('ArrowRight');
    await g.waitSent('select', 2);
    assert.deepEqual((await g.sent('select')).map((m) => m.target), [{ kind: 'step', sequence: 0, step: 3 }, { kind: 'step', sequence: 0, step: 4 }]);
    await g.frame.waitForFunction(() => (globalThis as any).document.activeElement?.getAttribute('data-step') === '4');
    const detail = (await g.frame.textContent('[data-testid="prediction-detail"]'))!;
    assert.match(detail, new RegExp(`Step 4: reads “${visible(chars[4])}” and should predict “${visible(chars[5])}”, which the model gives \\S+%`));
    assert.match(detail, /target/);
    // The table reads the same characters.
    // Its rows exist only while it is open: open it (unless an earlier test left it open) and wait for them.
    const details = g.frame.locator('section.table details');
    const wasOpen = await details.evaluate((d) => (d as HTMLDetailsElement).open);
    if (!wasOpen) await g.frame.click('section.table summary');
    const cells = g.frame.locator('section.table tbody tr[data-step="4"] td.char');
    await cells.first().waitFor();
    const row = await cells.evaluateAll((tds) => tds.map((td) => td.textContent));
    assert.deepEqual(row.slice(0, 2), [visible(chars[4]), visible(chars[5])]);
    if (!wasOpen) await g.frame.click('section.table summary');
  });

  it('shows a sample: each character with its probability, the candidates on hover and on keyboard focus', async () => {
    await show(textModel(TEXT_URI, version++));
    const sample = textSample(TEXT_URI);
    await g.post({ type: 'sample', sample, reveal: true });
    const text = g.frame.locator('[data-testid="sample-text"]');
    await text.waitFor();
    const written = (await text.evaluate((e) => e.textContent ?? '')).replace(/↵/g, '');
    assert.equal(written, sample.prime + sample.steps.map((s) => s.character).join(''));
    const probabilities = await text.locator('[data-index]').evaluateAll((spans) => spans.map((s) => Number(s.getAttribute('data-probability'))));
    assert.deepEqual(probabilities, sample.steps.map((s) => s.probability));
    assert.match((await g.frame.textContent('[data-testid="sample-weights"]'))!, /trained in this session \(20 epochs, loss/);
    assert.equal(await text.locator('[tabindex="0"]').count(), 1, 'the text is one stop in the tab order');

    await text.locator('[data-index="5"]').hover();
    const tip = g.frame.locator('#unroll-sample-tip');
    await tip.waitFor();
    assert.match((await tip.textContent())!, /^Character 6: “\S+”, drawn with \S+%/);
    const rows = await tip.locator('li').count();
    assert.ok(rows >= 5, `the top candidates: ${rows}`);
    assert.equal(await tip.locator('li.chosen').count(), 1, 'the drawn character is marked');
    await g.page.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });

    await text.locator('[data-index="0"]').focus();
    for (let i = 0; i < 3; i++) await g.page.keyboard.press('ArrowRight');
    await g.frame.waitForFunction(() => (globalThis as any).document.activeElement?.getAttribute('data-index') === '3');
    assert.match((await tip.textContent())!, /^Character 4: /);
    assert.equal(await g.frame.getAttribute('[data-index="3"]', 'aria-describedby'), 'unroll-sample-tip');
    // The README's picture of the sample view (media/screenshots/sample-view.png, scripts/readme-pictures.mjs).
    await g.screenshotOf('readme-sample-view', ['section.sample', '#unroll-sample-tip'], async () => {
      await text.locator('[data-index="5"]').hover();
      await tip.waitFor();
    });
    await g.page.mouse.move(0, 0);
    await g.clearLog();
    await g.frame.click('section.sample button:text("Sample again")');
    await g.waitSent('sampleAgain');
  });

  it('keeps every sampled character at 4.5:1 on its tint in light and dark, and underlines the bands in high contrast', async () => {
    await show(textModel(TEXT_URI, version++));
    await g.post({ type: 'sample', sample: textSample(TEXT_URI), reveal: false });
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      await g.setTheme(theme);
      await g.page.waitForTimeout(150);
      const spans = await g.frame.$$eval('[data-testid="sample-text"] [data-index], section.prediction .strip button, section.prediction .strip .reads', (elements) =>
        elements.map((e) => {
          const style = (globalThis as any).getComputedStyle(e);
          // A box's own tint is under the character it reads too.
          const tinted = e.classList.contains('reads') ? e.parentElement! : e;
          const band = [...tinted.classList].find((c) => c.startsWith('band-'));
          return { text: e.textContent, band, color: style.color, background: (globalThis as any).getComputedStyle(tinted).backgroundColor, underline: (globalThis as any).getComputedStyle(tinted).textDecorationLine };
        }),
      );
      const page = rgba(await g.frame.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor)).rgb;
      const bands = new Set(spans.map((s) => s.band));
      assert.ok(bands.size >= 3, `${theme}: the sample uses several bands: ${[...bands]}`);
      for (const s of spans) {
        const ratio = contrast(rgba(s.color).rgb, over(rgba(s.background), page));
        assert.ok(ratio >= 4.5, `${theme}: "${s.text}" (${s.band}) in ${s.color} on ${s.background} is ${ratio.toFixed(2)}:1`);
        if (theme === 'high-contrast' && s.band !== 'band-sure') assert.match(s.underline, /underline/, `${theme}: ${s.band} is underlined`);
      }
      await g.screenshot(`sample-${theme}`);
    }
    await g.setTheme('dark');
  });

  it('raised no error in the page or the webview', () => {
    assert.deepEqual(g.errors, []);
  });
});
