// The webview's views in a real Chromium, driven through the gallery (scripts/webview-gallery.mjs), which plays the
// extension host: it embeds the built webview in an iframe with VS Code's body classes and --vscode-* variables and
// exchanges the protocol's messages with it. Outside the default unit glob on purpose (it builds and starts a browser):
//   npx mocha test/webview/*.test.ts
// Screenshots go to test-output/screenshots/webview-*.png.
import * as assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { HostToWebview, PreviewModel, PreviewProblem, WebviewToHost } from '../../src/protocol';
import { contrast, parseColor } from '../../webview/lib/colors';
import { fmtVector } from '../../webview/lib/format';
import { engineMessage } from './engineModels';
import { CHROMIUM, CHROMIUM_ARGS, startGallery } from './gallery';
import { exploding, invalidSample, lstm, overflow, SETTINGS, statQuest } from './sampleModels';
import { imageDiffScript, type ImageDiff } from './imageDiff';
import { TEXT_CONTRAST_SCRIPT, type TextContrast } from './textContrast';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
/** The five themes the views are checked in, as a real workbench gives them (scripts/capture-themes.mjs). */
const THEME_DIR = join(ROOT, 'test', 'webview', 'themes');
const FIVE_THEMES = ['light-plus', 'solarized-light', 'dark-modern', 'hc-dark', 'hc-light'] as const;
type ThemeName = (typeof FIVE_THEMES)[number] | 'light' | 'dark' | 'high-contrast';
const ALIASES: Record<string, (typeof FIVE_THEMES)[number]> = { light: 'light-plus', dark: 'dark-modern', 'high-contrast': 'hc-dark' };
const bodyClassOf = (theme: ThemeName): string => JSON.parse(readFileSync(join(THEME_DIR, `${ALIASES[theme] ?? theme}.json`), 'utf8')).bodyClass;

describe('webview views (in Chromium, through the gallery)', function () {
  this.timeout(240_000);
  let gallery: { url: string; process: ChildProcess };
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let version = 1;
  /** Uncaught errors and console errors of the page and the webview, over the whole run. */
  const errors: string[] = [];

  /** Sends a HostToWebview message as the host would. */
  async function post(message: HostToWebview): Promise<void> {
    await page.evaluate((m) => (globalThis as any).gallery.post(m), message as unknown as Parameters<Page['evaluate']>[1]);
  }

  async function show(model: PreviewModel): Promise<PreviewModel> {
    await post({ type: 'model', model, settings: SETTINGS });
    await frame.waitForSelector(`main[data-version="${model.version}"]`);
    return model;
  }

  /** An examples/*.rnn.json through the real engine, posted as the host would. */
  async function showExample(name: string): Promise<PreviewModel> {
    const message = engineMessage(readFileSync(join(ROOT, 'examples', name), 'utf8'), `file:///examples/${name}`, version++);
    assert.equal(message.type, 'model', `${name} is valid`);
    const { model } = message as { model: PreviewModel };
    await post(message);
    await frame.waitForSelector(`main[data-version="${model.version}"]`);
    return model;
  }

  async function setTheme(theme: ThemeName): Promise<void> {
    await page.evaluate((t) => (globalThis as any).gallery.setTheme(t), theme);
    await frame.waitForFunction((c) => (globalThis as any).document.body.className === c, bodyClassOf(theme));
    await page.waitForTimeout(100); // the views read the theme on the next frame
  }

  /** An invalid spec's message, as the host sends it. */
  function invalid(uri: string, problems: PreviewProblem[], count = problems.length): HostToWebview {
    return { type: 'invalid', uri, version: version++, problem: problems[0], problemCount: count, problems };
  }

  /** The webview's width, as the editor group would give it. */
  async function setWidth(px: number): Promise<void> {
    await page.evaluate((w) => ((globalThis as any).gallery.frame.style.flex = `0 0 ${w}px`), px);
    await page.waitForTimeout(150);
  }

  /** Messages the webview posted to the host, of one type. */
  async function sent<T extends WebviewToHost['type']>(type: T): Promise<Extract<WebviewToHost, { type: T }>[]> {
    return page.evaluate((t) => (globalThis as any).gallery.log.filter((m: { type: string }) => m.type === t), type);
  }

  /** Waits until the webview has posted `count` messages of a type (postMessage is asynchronous). */
  async function waitSent(type: WebviewToHost['type'], count = 1): Promise<void> {
    await page.waitForFunction(([t, n]) => (globalThis as any).gallery.log.filter((m: { type: string }) => m.type === t).length >= n, [type, count] as const);
  }

  /** Opens the numbers table and waits for its rows (the details' toggle event comes after the click). */
  async function openTable(): Promise<void> {
    if ((await frame.locator('section.table details').getAttribute('open')) === null) await frame.click('section.table summary');
    await frame.waitForSelector('section.table tbody tr', { state: 'attached' });
  }

  /** Export… as the host asks it: the view's answer to an exportRequest. */
  let exportId = 1000;
  async function exported(format: 'svg' | 'png', part?: 'diagram' | 'gradient-chart'): Promise<string> {
    const id = exportId++;
    await post({ type: 'exportRequest', id, format, ...(part ? { part } : {}) });
    await page.waitForFunction((n) => (globalThis as any).gallery.log.some((m: { type: string; id?: number }) => m.type === 'exported' && m.id === n), id);
    const reply = (await sent('exported')).find((m) => m.id === id);
    assert.ok(reply?.data, `the view drew no ${part ?? 'diagram'}`);
    return reply.data;
  }

  async function clearLog(): Promise<void> {
    await page.evaluate(() => ((globalThis as any).gallery.log.length = 0));
  }

  async function screenshot(name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    // The whole webview, not just the iframe's viewport: size the iframe to its content first.
    await page.evaluate(() => {
      const g = (globalThis as any).gallery;
      g.frame.style.height = `${g.frame.contentDocument.documentElement.scrollHeight}px`;
    });
    await page.waitForTimeout(250);
    await (await page.$('#webview'))!.screenshot({ path: join(SHOTS, `webview-${name}.png`) });
    await page.evaluate(() => ((globalThis as any).gallery.frame.style.height = ''));
  }

  before(async () => {
    gallery = await startGallery();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${gallery.url}?auto=0&theme=dark`);
    await page.evaluate(() => ((globalThis as any).gallery.frame.style.flex = '0 0 1000px'));
    frame = page.frame({ url: /webview\.html/ })!;
    await frame.waitForSelector('main');
  });

  after(async () => {
    await browser?.close();
    gallery?.process.kill();
  });

  it('says it is ready first (the host answers with the model)', async () => {
    await page.waitForFunction(() => (globalThis as any).gallery.log.some((m: { type: string }) => m.type === 'ready'));
  });

  it('shows a posted model: name, step count, one column and one bar per step', async () => {
    const model = await show(exploding(2, 50, version++));
    assert.equal(await frame.textContent('[data-testid="spec-name"]'), model.name);
    assert.equal(await frame.textContent('[data-testid="step-count"]'), '50');
    assert.equal(await frame.locator('svg.front g.step[data-step]').count(), 50);
    assert.equal(await frame.locator('[data-testid="gradient-chart"] rect[data-step]').count(), 50);
    assert.match((await frame.textContent('[data-testid="health-badge"]'))!, /exploding/);
  });

  it('drops a model older than the one shown for the same document', async () => {
    const newer = await show(exploding(2, 50, 100));
    await post({ type: 'model', model: { ...exploding(0.5, 20), uri: newer.uri, version: 99 }, settings: SETTINGS });
    await page.waitForTimeout(200);
    assert.equal(await frame.getAttribute('main', 'data-version'), '100');
    assert.equal(await frame.textContent('[data-testid="step-count"]'), '50');
    // The same version again (another sequence of the same text) is not stale.
    await show({ ...vanishing20(), uri: newer.uri, version: 100 });
    assert.equal(await frame.textContent('[data-testid="step-count"]'), '20');
    version = 101;
  });

  it('gives every table row the exact, unrounded ‖dL/dh_t‖ (NaN and Infinity too)', async () => {
    for (const model of [exploding(2, 50, version++), overflow()]) {
      const shown = await show({ ...model, version: version++ });
      await openTable();
      const rows = await frame.$$eval('section.table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-step'), tr.getAttribute('data-grad-norm')]));
      assert.equal(rows.length, shown.steps);
      rows.forEach(([step, norm], t) => {
        assert.equal(step, String(t));
        assert.equal(norm, String(shown.gradNorm[t]), `row ${t}`);
      });
      if (shown.firstNonFinite) assert.ok(rows.some(([, norm]) => norm === 'Infinity' || norm === 'NaN'));
    }
    await frame.click('section.table summary');
  });

  it('collapses the middle of a long sequence: the first 20, "… k steps …", the last 20', async () => {
    await show(lstm(7, version++));
    assert.equal(await frame.locator('svg.front g.step[data-step]').count(), 40);
    assert.match((await frame.textContent('svg.front g.gap'))!, /60 steps/);
    assert.equal(await frame.locator('svg.front g.step[data-step="20"]').count(), 0);
    assert.equal(await frame.locator('svg.front g.step[data-step="80"]').count(), 1);
    assert.equal(await frame.locator('[data-testid="gradient-chart"] rect[data-step]').count(), 100);
  });

  it('keeps the last picture, dimmed, under a problem banner that reveals the problem', async () => {
    const model = await show(exploding(2, 50, version++));
    await clearLog();
    await post(invalid(model.uri, [{ message: 'Expected a number', line: 12, column: 24 }, ...invalidSample().problems.slice(1)]));
    const banner = frame.locator('[data-testid="problem-banner"]');
    await banner.waitFor();
    assert.match((await banner.textContent())!, /Line 12, column 24: Expected a number \(and 2 more\)/);
    assert.equal(await frame.getAttribute('main', 'class').then((c) => /\bstale\b/.test(c ?? '')), true);
    assert.equal(await frame.getAttribute('main', 'aria-describedby'), 'problem-banner');
    assert.equal(await frame.locator('svg.front g.step[data-step]').count(), 50, 'the last good picture stays');
    await screenshot('invalid-dark');
    await banner.click();
    await waitSent('reveal');
    assert.deepEqual(await sent('reveal'), [{ type: 'reveal', line: 12, column: 24, uri: model.uri }]);
    await show(exploding(2, 50, version++));
    assert.equal(await banner.count(), 0);
    assert.equal(await frame.getAttribute('main', 'aria-describedby'), null);
  });

  it('shows the problem banner under the header, which stays readable, and moves nothing', async () => {
    const model = await show(exploding(2, 50, version++));
    const tops = () => frame.$$eval('main > section, main > header', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    const before = await tops();
    await post(invalid(model.uri, [{ message: 'Expected a number', line: 12, column: 24 }]));
    const banner = frame.locator('[data-testid="problem-banner"]');
    await banner.waitFor();
    assert.deepEqual(await tops(), before);
    const header = (await frame.locator('main > header').boundingBox())!;
    const box = (await banner.boundingBox())!;
    assert.ok(box.y >= header.y + header.height, `banner top ${box.y} is under the header's bottom ${header.y + header.height}`);
    assert.equal(await frame.$eval('main > header', (e) => (globalThis as any).getComputedStyle(e).opacity), '1');
    await show(exploding(2, 50, version++));
    assert.equal(await banner.count(), 0);
  });

  it('keeps the problem banner off the network toolbar at 560 px, with the whole message in reach', async () => {
    const message = 'Expected a number, got the string "0.5" where the model needs the learning rate of its optimiser';
    for (const width of [1000, 560]) {
      await setWidth(width);
      const model = await show(lstm(7, version++));
      await post(invalid(model.uri, [{ message, line: 12, column: 24 }, ...invalidSample().problems.slice(1)]));
      const banner = frame.locator('[data-testid="problem-banner"]');
      await banner.waitFor();
      const box = (await banner.boundingBox())!;
      const toolbar = (await frame.locator('section.network .toolbar').boundingBox())!;
      assert.ok(box.y + box.height <= toolbar.y, `${width} px: the banner's bottom ${box.y + box.height} is over the toolbar's top ${toolbar.y}`);
      assert.ok((await banner.getAttribute('title'))?.includes(`Line 12, column 24: ${message} (and 2 more)`), 'the whole message on hover');
      assert.match((await banner.textContent())!, /Line 12, column 24: Expected a number/);
      await screenshot(`problem-banner-${width}`);
      await show(lstm(7, version++));
    }
    await setWidth(1000);
  });

  it("shows a step's numbers on keyboard focus; arrow keys move between steps", async () => {
    await show(exploding(2, 50, version++));
    await frame.focus('svg.front g.step[data-step="3"]');
    const tip = frame.locator('#unroll-step-tip');
    await tip.waitFor();
    assert.match((await tip.textContent())!, /Step 4 of 50/, 'steps are numbered from 1 for people');
    assert.match((await tip.textContent())!, /ignored until the last step/);
    assert.equal(await frame.getAttribute('svg.front g.step[data-step="3"]', 'aria-describedby'), 'unroll-step-tip');
    await page.keyboard.press('ArrowRight');
    await frame.waitForFunction(() => (globalThis as any).document.activeElement?.getAttribute('data-step') === '4');
    assert.match((await tip.textContent())!, /Step 5 of 50/);
    await page.keyboard.press('End');
    await frame.waitForFunction(() => (globalThis as any).document.activeElement?.getAttribute('data-step') === '49');
    assert.match((await tip.textContent())!, /target\s*1/);
  });

  it('survives a shorter model while a vanished step has the focus', async () => {
    await show(exploding(2, 50, version++));
    await frame.focus('svg.front g.step[data-step="45"]');
    await show(exploding(2, 10, version++));
    assert.equal(await frame.locator('svg.front g.step[data-step]').count(), 10);
    assert.equal(await frame.locator('#unroll-step-tip').count(), 0);
  });

  it('posts select for a step and a weight, and showSequence from the sequence picker', async () => {
    const { uri } = await show(statQuest(0, version++));
    await clearLog();
    await frame.click('svg.front g.step[data-step="1"]');
    await frame.click('section.contributions button[data-weight="weight_ih_l0"]');
    await waitSent('select', 2);
    assert.deepEqual(await sent('select'), [
      { type: 'select', target: { kind: 'step', sequence: 0, step: 1 }, uri },
      { type: 'select', target: { kind: 'weight', name: 'weight_ih_l0' }, uri },
    ]);
    await frame.selectOption('header select', { value: '2' });
    await page.waitForFunction(() => (globalThis as any).gallery.log.some((m: { type: string; sequence?: number }) => m.type === 'showSequence' && m.sequence === 2));
    await frame.waitForFunction(() => (globalThis as any).document.querySelector('header select')?.value === '2');
    await waitSent('select', 3);
    assert.deepEqual((await sent('select'))[2], { type: 'select', target: { kind: 'sequence', sequence: 2 }, keepFocus: true, uri }, 'the sequence is selected in the JSON too');
  });

  it('picks the layer of a stacked lstm from the keyboard, and draws and lists that layer\'s cell', async () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'examples', 'long-range-lstm.rnn.json'), 'utf8')) as { model: Record<string, unknown> };
    spec.model.numLayers = 2;
    const text = JSON.stringify(spec);
    const uri = 'file:///examples/stacked-lstm.rnn.json';
    /** The host's answer for a layer (undefined = the top one), and the gutter's rows top to bottom. */
    const showLayer = async (layer?: number) => {
      const message = engineMessage(text, uri, version++, 0, layer) as Extract<HostToWebview, { type: 'model' }>;
      await post(message);
      await frame.waitForSelector(`main[data-version="${message.model.version}"]`);
      const rows = await frame.$$eval('svg.gutter text.name', (texts) => texts.map((t) => ({ name: t.textContent ?? '', y: Number(t.getAttribute('y')) })));
      return { model: message.model, rows: rows.sort((a, b) => a.y - b.y).map((r) => r.name) };
    };
    const top = await showLayer();
    const picker = frame.locator('[data-testid="layer-picker"]');
    assert.deepEqual(await picker.locator('option').allTextContents(), ['Layer 1 of 2', 'Layer 2 of 2']);
    assert.equal(await picker.inputValue(), '1', 'the top layer by default');
    assert.deepEqual(top.rows.slice(0, 5), ['y', 'h[1]', 'c[1]', 'gates[1]', 'h[0]']);
    await clearLog();
    await picker.focus();
    await page.keyboard.press('ArrowUp');
    await waitSent('showLayer');
    assert.deepEqual(await sent('showLayer'), [{ type: 'showLayer', layer: 0, uri }]);

    const lower = await showLayer(0);
    assert.equal(await picker.inputValue(), '0');
    assert.deepEqual(lower.rows.slice(0, 5), ['y', 'h[1]', 'h[0]', 'c[0]', 'gates[0]'], 'c and gates under the picked layer\'s h');
    await frame.focus('svg.front g.step[data-step="3"]');
    const tip = frame.locator('#unroll-step-tip');
    await tip.waitFor();
    const cell = (await tip.locator('[data-testid="tip-c"] + dd').textContent())!;
    assert.equal(await tip.locator('[data-testid="tip-c"]').textContent(), 'c[0]');
    assert.equal(cell, fmtVector(lower.model.cellState![0][3]));
    assert.notEqual(cell, fmtVector(lower.model.cellState![1][3]), 'the two layers hold different cells');
    await screenshot('stacked-lstm-layer-1');
  });

  it('posts select for the step of a heatmap cell, clicked or chosen with the keyboard', async () => {
    const model = await showExample('long-range-lstm.rnn.json');
    await clearLog();
    const heatmap = frame.locator('section.heatmap canvas');
    await heatmap.scrollIntoViewIfNeeded();
    const box = (await heatmap.boundingBox())!;
    const step = Math.floor(model.steps / 3);
    await heatmap.click({ position: { x: ((step + 0.5) / model.steps) * box.width, y: 2 } });
    await waitSent('select', 1);
    await heatmap.press('ArrowLeft');
    await heatmap.press('Enter');
    await waitSent('select', 2);
    assert.deepEqual(await sent('select'), [
      { type: 'select', target: { kind: 'step', sequence: model.sequence, step }, uri: model.uri },
      { type: 'select', target: { kind: 'step', sequence: model.sequence, step: step - 1 }, uri: model.uri },
    ]);
  });

  it('highlights the weight and the step under the editor cursor', async () => {
    await show(exploding(2, 50, version++));
    await post({ type: 'highlight', target: { kind: 'weight', name: 'weight_hh_l0' } });
    await frame.waitForSelector('svg.front path.edge.hl', { state: 'attached' });
    assert.ok((await frame.locator('svg.front text.edge-label.hl').count()) >= 49, 'every copy of w2 is highlighted');
    await post({ type: 'highlight', target: { kind: 'step', sequence: 0, step: 30 } });
    await frame.waitForSelector('svg.front g.step.highlighted[data-step="30"]', { state: 'attached' });
    await frame.waitForSelector('svg.back rect.highlighted', { state: 'attached' });
    // Scrolled into view.
    await frame.waitForFunction(() => {
      const doc = (globalThis as any).document;
      const scroller = doc.querySelector('.scroller');
      const column = doc.querySelector('svg.front g.step[data-step="30"]').getBoundingClientRect();
      const box = scroller.getBoundingClientRect();
      return column.left >= box.left && column.right <= box.right;
    });
    await post({ type: 'highlight', target: null });
  });

  it('saves the view state with setState and posts it to the host', async () => {
    const model = await show(exploding(2, 50, version++));
    await clearLog();
    await frame.click('button:text-is("+")');
    await frame.click('svg.front g.step[data-step="2"]');
    await page.waitForFunction(() => (globalThis as any).gallery.log.some((m: { type: string; state?: { selectedStep?: number } }) => m.type === 'state' && m.state?.selectedStep === 2));
    const [state] = (await sent('state')).slice(-1);
    assert.equal(state.state.uri, model.uri);
    assert.equal(state.state.zoom, 1.25);
    const saved = await frame.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('unroll-state')));
    assert.equal(saved.selectedStep, 2);
    assert.equal(saved.zoom, 1.25);

    // A reload (VS Code restoring the panel) comes back as it was: zoom, selection, rolled.
    await frame.click('button:text-is("Rolled")');
    await page.waitForTimeout(100);
    await clearLog();
    await page.evaluate(() => (globalThis as any).gallery.frame.contentWindow.location.reload());
    await page.waitForFunction(() => (globalThis as any).gallery.log.some((m: { type: string }) => m.type === 'ready'));
    frame = page.frame({ url: /webview\.html/ })!;
    await show({ ...model, version: version++ });
    assert.equal(await frame.textContent('#network-title'), 'The recurrent cell');
    await frame.click('button:text-is("Unrolled")');
    assert.equal(await frame.textContent('.zoom'), '125%');
    await frame.waitForSelector('svg.front g.step.selected[data-step="2"]', { state: 'attached' });
    await frame.click('button:text-is("−")');
  });

  it('does not move anything on the page when only the values change', async () => {
    const tops = () => frame.$$eval('main > section, main > header, .frame, [data-testid="gradient-chart"]', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    for (const [a, b] of [
      [exploding(2, 50, version++), exploding(0.5, 50, version + 10)],
      [lstm(7, version + 11), lstm(8, version + 12)],
    ]) {
      await show(a);
      const before = await tops();
      await show({ ...b, uri: a.uri, version: a.version + 1 });
      assert.deepEqual(await tops(), before);
    }
    version += 20;
  });

  it('streams training (progress, Stop, curves, scrubber) and compares the cells', async () => {
    await show(lstm(7, version++));
    await clearLog();
    await frame.click('section.training button:text-is("Train")');
    await frame.click('section.training button:text-is("Stop")');
    await page.waitForFunction(() => (globalThis as any).gallery.log.some((m: { type: string }) => m.type === 'stopTraining'));
    await frame.waitForSelector('section.training .status:text("stopped")');
    assert.equal((await sent('train')).length, 1);
    await frame.click('section.training button:text-is("Train")');
    await frame.waitForSelector('section.training progress');
    await frame.waitForSelector('[data-testid="loss-curve"] polyline');
    await frame.waitForSelector('section.training .status:text("done")', { timeout: 20_000 });
    assert.equal(await frame.getAttribute('section.training input[type="range"]', 'max'), '120');
    // Epochs count from 1; after the first, round numbers (1, 20, 40 … not 1, 26, 51 …).
    const epochs = (await frame.$$eval('[data-testid="loss-curve"] .x-axis text:not(.x-label)', (els) => els.map((e) => e.textContent))).map(Number);
    assert.equal(epochs[0], 1);
    const every = epochs[2] - epochs[1];
    assert.ok(epochs.length >= 3 && epochs[1] % 10 === 0, `epoch ticks ${epochs}`);
    epochs.slice(1).forEach((n) => assert.equal(n % every, 0, `epoch ticks ${epochs}`));
    await frame.click('button:text-is("Compare cells")');
    const conclusion = frame.locator('[data-testid="compare-conclusion"]');
    await conclusion.waitFor();
    assert.match((await conclusion.textContent())!, /^At distance \d+ the LSTM's gradient is 10\S+ times the RNN's\.$/);
    assert.equal(await frame.locator('[data-testid="compare-chart"] polyline').count(), 3);
  });

  it('follows an edit of w2 in the spec (the real engine in the page) and points at a syntax error', async () => {
    const name = 'exploding.rnn.json';
    const text: string = await page.evaluate((n) => (globalThis as any).gallery.examples[n], name);
    const edit = (next: string) =>
      page.evaluate((t) => {
        const area = (globalThis as any).document.getElementById('spec');
        area.value = t;
        area.dispatchEvent(new (globalThis as any).Event('input'));
      }, next);
    await page.selectOption('#example', name);
    await frame.waitForSelector('[data-testid="health-badge"].exploding');

    const vanishing = text.replace('"weight_hh_l0": [[2]]', '"weight_hh_l0": [[0.5]]');
    assert.notEqual(vanishing, text);
    await edit(vanishing);
    await frame.waitForSelector('[data-testid="health-badge"].vanishing');
    const expected = engineMessage(vanishing, 'file:///x', 1);
    assert.equal(expected.type, 'model');
    const gradNorm = (expected as { model: PreviewModel }).model.gradNorm;
    await openTable();
    const norms = await frame.$$eval('section.table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-grad-norm')));
    assert.deepEqual(norms, gradNorm.map(String));
    await frame.click('section.table summary');
    assert.match((await frame.textContent('.chip:has-text("w2")'))!, /w2\s*=\s*0\.5/);

    const broken = vanishing.replace('"weight_hh_l0": [[0.5]],', '"weight_hh_l0": [[0.5]]');
    const problem = engineMessage(broken, 'file:///x', 1);
    assert.equal(problem.type, 'invalid');
    await edit(broken);
    const banner = frame.locator('[data-testid="problem-banner"]');
    await banner.waitFor();
    const { line, column } = (problem as { problem: { line: number; column: number } }).problem;
    assert.match((await banner.textContent())!, new RegExp(`Line ${line}, column ${column}: `));
    await edit(vanishing);
    await banner.waitFor({ state: 'detached' });
    await page.selectOption('#sample', 'exploding');
  });

  it('updates an lstm (8 → 32, 100 steps) in well under 16 ms of script', async () => {
    const timing = await page.evaluate(() => (globalThis as any).gallery.measure('lstm', 40));
    console.log(`      lstm update: ${JSON.stringify(timing)}`);
    assert.ok(timing.script.median < 16, `median script ${timing.script.median} ms`);
  });

  it('inks every number on a node at 4.5:1 or more, the ignored outputs too (light, dark, high contrast)', async () => {
    for (const theme of ['dark', 'high-contrast', 'light'] as const) {
      await setTheme(theme);
      await showExample('vanishing.rnn.json');
      await page.waitForTimeout(100);
      const labels = await frame.evaluate(() => {
        const doc = (globalThis as any).document;
        const canvas = doc.querySelector('section.network canvas.fills');
        const ctx = canvas.getContext('2d');
        const area = canvas.getBoundingClientRect();
        const scale = canvas.width / area.width;
        const out: { text: string; ink: string; fill: number[]; ignored: boolean }[] = [];
        for (const text of doc.querySelectorAll('svg.front text.value')) {
          const node = text.previousElementSibling.getBoundingClientRect();
          if (node.left < area.left || node.right > area.right) continue;
          // The fill just inside the node's left edge, beside the number.
          const pixel = ctx.getImageData(Math.round((node.left + 4 - area.left) * scale), Math.round((node.top + node.height / 2 - area.top) * scale), 1, 1).data;
          out.push({ text: text.textContent, ink: text.getAttribute('fill'), fill: [pixel[0], pixel[1], pixel[2]], ignored: text.previousElementSibling.classList.contains('ignored') });
        }
        return out;
      });
      assert.ok(labels.filter((l) => l.ignored).length >= 3, `${theme}: ignored outputs on screen`);
      for (const l of labels) {
        const ratio = contrast(parseColor(l.ink)!, l.fill as unknown as [number, number, number]);
        assert.ok(ratio >= 4.5, `${theme}: "${l.text}" (${l.ignored ? 'ignored output' : 'node'}) in ${l.ink} on rgb(${l.fill}) is ${ratio.toFixed(2)}:1`);
      }
      await screenshot(`vanishing-engine-${theme}`);
    }
    await setTheme('dark');
  });

  it('draws the thresholds over the bars and labels them clear of the bars, or says they are off the axis', async () => {
    const cases = [
      // 1e-6 × max is 6e+23 there, far over the exploding threshold: every bar under it explodes, so no line.
      { name: 'exploding.rnn.json', lines: [], notes: [/^exploding threshold 1e\+6 is below the axis/, /^vanishing threshold 1e-6 × max = 6\.34e\+23 is in the exploding range: not drawn/] },
      { name: 'vanishing.rnn.json', lines: ['vanishing'], notes: [/^exploding threshold 1e\+6 is above the axis/] },
      { name: 'long-range-lstm.rnn.json', lines: [], notes: [/^exploding threshold 1e\+6 is above the axis/, /^vanishing threshold 1e-6 × max = \S+ is below the axis/] },
    ];
    for (const width of [1000, 560]) {
      await setWidth(width);
      for (const c of cases) {
        await showExample(c.name);
        // (No named functions in here: the page would not know tsx's __name helper.)
        const chart = await frame.$eval('[data-testid="gradient-chart"] svg', (svg: any) => {
          const bars = svg.querySelector('g.bars');
          return {
            bars: [...bars.querySelectorAll('rect[data-step]')].map((e: any) => e.getBoundingClientRect().toJSON()),
            labels: [...svg.querySelectorAll('[data-threshold-label]')].map((t: any) => ({ text: t.textContent, box: t.getBoundingClientRect().toJSON() })),
            lines: [...svg.querySelectorAll('line[data-threshold]')].map((l: any) => ({
              key: l.getAttribute('data-threshold'),
              overBars: Boolean(bars.compareDocumentPosition(l) & 4),
            })),
          };
        });
        assert.deepEqual(chart.lines.map((l) => l.key), c.lines, `${c.name}: lines drawn`);
        assert.ok(chart.lines.every((l) => l.overBars), `${c.name}: lines over the bars`);
        for (const note of c.notes) assert.ok(chart.labels.some((l) => note.test(l.text)), `${c.name}: ${note} in ${chart.labels.map((l) => l.text)}`);
        for (const label of chart.labels) {
          for (const bar of chart.bars) {
            const apart = label.box.right <= bar.left || bar.right <= label.box.left || label.box.bottom <= bar.top || bar.bottom <= label.box.top;
            assert.ok(apart, `${c.name} at ${width} px: "${label.text}" overlaps a bar`);
          }
        }
        for (const [i, a] of chart.labels.entries()) for (const b of chart.labels.slice(i + 1)) assert.ok(a.box.bottom <= b.box.top || b.box.bottom <= a.box.top, `${c.name}: labels overlap`);
      }
      await screenshot(`thresholds-${width}`);
    }
    await setWidth(1000);
  });

  it('spaces the colour legends evenly, without overlaps, at 560 px too', async () => {
    for (const width of [1000, 560]) {
      await setWidth(width);
      await showExample('long-range-lstm.rnn.json');
      const legends = await frame.$$eval('figure.ramp', (figures) =>
        figures.map((f) => [...f.querySelectorAll('.ticks > span')].map((s) => {
          const r = s.getBoundingClientRect();
          return { text: (s.firstChild as any)?.textContent ?? '', left: r.left, right: r.right, centre: (r.left + r.right) / 2 };
        })),
      );
      for (const ticks of legends) for (let k = 1; k < ticks.length; k++) assert.ok(ticks[k - 1].right + 2 <= ticks[k].left, `${width} px: "${ticks[k - 1].text}" runs into "${ticks[k].text}"`);
      const heatmap = await frame.$$eval('section.heatmap figure.ramp .ticks > span', (spans) => spans.map((s) => {
        const r = s.getBoundingClientRect();
        return { text: s.textContent ?? '', centre: (r.left + r.right) / 2 };
      }));
      assert.equal(heatmap.length, 5, `${width} px: heatmap legend ${heatmap.map((t) => t.text)}`);
      assert.equal(heatmap[0].text, `−${heatmap[4].text}`);
      assert.equal(heatmap[1].text, `−${heatmap[3].text}`);
      assert.match(heatmap[2].text, /^0\|v\| < 1e−\d+$/);
      const gaps = heatmap.slice(1).map((t, k) => t.centre - heatmap[k].centre);
      gaps.forEach((g) => assert.ok(Math.abs(g - gaps[0]) < 1.5, `${width} px: uneven legend ${gaps}`));
      await screenshot(`lstm-${width}`);
    }
    await setWidth(1000);
  });

  it('looks right in the five themes (Light+, Solarized Light, Dark Modern, both high-contrast)', async () => {
    for (const theme of FIVE_THEMES) {
      await setTheme(theme);
      await show(exploding(2, 50, version++));
      await screenshot(theme);
    }
    await setTheme('light');
    await show(vanishing20(version++));
    await screenshot('vanishing-light');
    await setTheme('dark');
    await show(lstm(7, version++));
    await screenshot('lstm-dark');
  });

  it('numbers sequences and steps from 1 everywhere a person reads them', async () => {
    await showExample('statquest-stock.rnn.json');
    assert.deepEqual(await frame.$$eval('header select option', (os) => os.map((o) => o.textContent)), ['1', '2', '3', '4']);
    assert.equal(await frame.$eval('header select', (e) => (e as any).selectedOptions[0].textContent), '2', 'view.sequence 1 is the second');
    assert.match((await frame.textContent('header .sequence label'))!, /of 4\s*$/);
    assert.deepEqual(await frame.$$eval('svg.front text.step-label', (ts) => ts.map((t) => t.textContent)), ['t = 1', 't = 2']);
    await openTable();
    assert.deepEqual(await frame.$$eval('section.table tbody th', (ths) => ths.map((t) => t.textContent)), ['1', '2']);
    assert.equal(await frame.textContent('section.table caption'), 'Gradient norm per step of sequence 2');
    await frame.click('section.table summary');
  });

  it('says that the per-weight bars add up every sequence, and labels the inputs with the spec\'s words', async () => {
    await showExample('statquest-stock.rnn.json');
    assert.match((await frame.textContent('[data-testid="contributions-scope"]'))!, /Over all 4 sequences.*show sequence 2 alone/s);
    // view.inputLabels: sequence 2 reads 0 then 0.5, "low" then "medium"; the tooltip says it too.
    assert.deepEqual(await frame.$$eval('[data-testid="input-word"]', (ts) => ts.map((t) => t.textContent)), ['low', 'medium']);
    await frame.focus('svg.front g.step[data-step="1"]');
    assert.match((await frame.textContent('#unroll-step-tip'))!, /0\.5\s*\(medium\)/);
    await frame.focus('section.contributions button[aria-checked="true"]');
    await show(exploding(2, 50, version++));
    assert.equal(await frame.locator('[data-testid="contributions-scope"]').count(), 0, 'one sequence: nothing to say');
    assert.equal(await frame.locator('[data-testid="input-word"]').count(), 0);
  });

  it('draws the gradient on a linear axis when the spec says view.scale "linear", and says so', async () => {
    const model = await showExample('statquest-stock.rnn.json');
    assert.equal(model.scale, 'linear');
    assert.match((await frame.textContent('section.gradient .intro'))!, /on a linear scale/);
    const ticks = await frame.$$eval('[data-testid="gradient-chart"] .axis text.tick', (ts) => ts.map((t) => t.textContent ?? ''));
    assert.ok(ticks.length >= 3 && ticks.every((t) => !/e[−+-]/.test(t)), `linear ticks: ${ticks}`);
    const values = ticks.filter((t) => t !== '0').map(Number);
    const steps = values.slice(1).map((v, k) => v - values[k]);
    steps.forEach((d) => assert.ok(Math.abs(d - steps[0]) < 1e-9, `evenly spaced: ${ticks}`));
    // Bar heights in proportion to the values (a log axis would not keep the ratio).
    const heights = await frame.$$eval('[data-testid="gradient-chart"] rect[data-step]', (rs) => rs.map((r) => Number(r.getAttribute('height'))));
    const ratio = model.gradNorm[0] / model.gradNorm[1];
    assert.ok(Math.abs(heights[0] / heights[1] - ratio) < 0.05 * ratio, `heights ${heights} for ${model.gradNorm}`);
    await showExample('vanishing.rnn.json');
    assert.match((await frame.textContent('section.gradient .intro'))!, /on a log scale/);
  });

  it('lists every problem of a spec that never ran, each a link to its spot, and says what a valid spec needs', async () => {
    const sample = invalidSample();
    await post(invalid('file:///never-valid.rnn.json', sample.problems));
    const list = frame.locator('[data-testid="problem-list"]');
    await list.waitFor();
    assert.match((await list.locator('h2').textContent())!, /3 problems/);
    assert.match((await frame.textContent('[data-testid="spec-needs"]'))!, /needs a model .* and data/s);
    const items = list.locator('li button');
    assert.equal(await items.count(), 3);
    await clearLog();
    for (let k = 0; k < 3; k++) {
      assert.match((await items.nth(k).textContent())!, new RegExp(`Line ${sample.problems[k].line}, column ${sample.problems[k].column}`));
      await items.nth(k).click();
    }
    await waitSent('reveal', 3);
    assert.deepEqual(await sent('reveal'), sample.problems.map((p) => ({ type: 'reveal', line: p.line, column: p.column, uri: 'file:///never-valid.rnn.json' })));
    await screenshot('problem-list');
    await post(invalid('file:///never-valid.rnn.json', sample.problems.slice(0, 1), 140));
    await frame.waitForSelector('[data-testid="problem-list"] .more');
    assert.match((await frame.textContent('[data-testid="problem-list"] .more'))!, /139 more/);
  });

  it('opens a new spec at the top, not at the last one\'s scroll position', async () => {
    await setWidth(560);
    await show(lstm(7, version++));
    await frame.evaluate(() => (globalThis as any).window.scrollTo(0, 900));
    await frame.waitForFunction(() => (globalThis as any).window.scrollY > 500);
    await post({ type: 'panel', uri: 'file:///another.rnn.json', locked: false });
    await show({ ...exploding(2, 50, version++), uri: 'file:///another.rnn.json' });
    await page.waitForTimeout(200);
    assert.equal(await frame.evaluate(() => (globalThis as any).window.scrollY), 0);
    await setWidth(1000);
  });

  it('keeps every text at WCAG AA contrast (4.5:1) in the five themes', async () => {
    const failures: string[] = [];
    for (const theme of FIVE_THEMES) {
      await setTheme(theme);
      for (const model of [exploding(2, 50, version++), statQuest(1, version++)]) {
        await show(model);
        await frame.click('section.training button:text-is("Train")');
        await frame.waitForSelector('section.training .status:text("done")', { timeout: 20_000 });
        await openTable();
        const texts = (await frame.evaluate(TEXT_CONTRAST_SCRIPT)) as TextContrast[];
        assert.ok(texts.length > 100, `${theme}: ${texts.length} texts measured`);
        for (const t of texts) if (t.ratio < 4.5) failures.push(`${theme}: "${t.text}" (${t.where}) ${t.color} on ${t.background} is ${t.ratio.toFixed(2)}:1`);
        await frame.click('section.table summary');
      }
      await post(invalid('file:///contrast.rnn.json', invalidSample().problems));
      await frame.waitForSelector('[data-testid="problem-list"]');
      for (const t of (await frame.evaluate(TEXT_CONTRAST_SCRIPT)) as TextContrast[]) {
        if (t.ratio < 4.5) failures.push(`${theme}: "${t.text}" (${t.where}) ${t.color} on ${t.background} is ${t.ratio.toFixed(2)}:1`);
      }
    }
    await setTheme('dark');
    assert.deepEqual([...new Set(failures)], []);
  });

  it('lays out for 320 px: nothing cut off or overflowing, in every theme\'s screenshot', async () => {
    await setWidth(320);
    for (const [name, theme] of [['statquest-stock.rnn.json', 'light-plus'], ['vanishing.rnn.json', 'dark-modern'], ['long-range-lstm.rnn.json', 'hc-light']] as const) {
      await setTheme(theme);
      await showExample(name);
      await openTable();
      const layout = (await frame.evaluate(LAYOUT_320_SCRIPT)) as { view: number; pageScroll: number; headlineCut: boolean; outside: string[]; firstColumn: boolean; tableScroll: number };
      assert.equal(layout.view, 320);
      assert.ok(layout.pageScroll <= 0, `${name}: the page scrolls sideways by ${layout.pageScroll} px`);
      assert.equal(layout.headlineCut, false, `${name}: the headline is cut`);
      assert.deepEqual(layout.outside, [], `${name}: outside the 320 px`);
      assert.ok(layout.firstColumn, `${name}: the t = 1 column is cut off`);
      assert.ok(layout.tableScroll <= 0, `${name}: the table's columns are cut (${layout.tableScroll} px)`);
      await screenshot(`320-${name.replace('.rnn.json', '')}-${theme}`);
      await frame.click('section.table summary');
    }
    await setTheme('dark');
    await setWidth(1000);
  });

  it('exports the diagram as a vector drawing: arrowheads defined, node fills as shapes, the row names', async () => {
    await setTheme('light-plus');
    await setWidth(1000);
    const model = await showExample('vanishing.rnn.json');
    const svg = await exported('svg');
    const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    const refs = new Set([...svg.matchAll(/url\(["']?#([^"')]+)/g)].map((m) => m[1]));
    assert.ok(refs.has('unroll-arrow'), 'the edges have arrowheads');
    for (const ref of refs) assert.ok(ids.has(ref), `url(#${ref}) has no definition in the file`);
    assert.doesNotMatch(svg, /<image\b/, 'no raster image inside');
    const fills = /<g class="fills"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    assert.equal((fills.match(/<rect /g) ?? []).length, 3 * model.steps, 'x, h and y of every step as a rect');
    for (const name of ['y', 'h', 'x', 'step', 'output', 'hidden', 'input']) assert.match(svg, new RegExp(`>${name}</text>`), `row name ${name}`);
    assert.doesNotMatch(svg, /rgba\(|var\(--/, 'plain SVG 1.1 colours, no CSS variables');
  });

  it('exports a diagram that Chromium and Inkscape draw as the preview does, in a light, a dark and a high-contrast theme', async function () {
    if (spawnSync('inkscape', ['--version']).status !== 0) {
      console.log('      (Inkscape is not installed: npm run setup installs it)');
      this.skip();
    }
    await setWidth(1000);
    await showExample('vanishing.rnn.json');
    const chromiumPage = await browser.newPage({ viewport: { width: 1200, height: 400 } });
    const dir = mkdtempSync(join(tmpdir(), 'unroll-svg-'));
    const url = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
    try {
      for (const theme of ['light-plus', 'dark-modern', 'hc-dark'] as const) {
        await setTheme(theme);
        const svg = await exported('svg');
        const gutter = (await (await frame.$('svg.gutter'))!.boundingBox())!;
        const scroller = (await (await frame.$('.scroller'))!.boundingBox())!;
        const width = Math.floor(scroller.x + scroller.width - gutter.x);
        const height = Math.floor(gutter.height);
        const preview = await page.screenshot({ clip: { x: gutter.x, y: gutter.y, width, height } });
        await chromiumPage.setContent(`<body style="margin:0">${svg}</body>`);
        const chromium = await chromiumPage.screenshot({ clip: { x: 0, y: 0, width, height } });
        writeFileSync(join(dir, 'diagram.svg'), svg);
        const run = spawnSync('inkscape', ['--export-type=png', `--export-area=0:0:${width}:${height}`, `--export-filename=${join(dir, 'diagram.png')}`, join(dir, 'diagram.svg')], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const inkscape = readFileSync(join(dir, 'diagram.png'));
        mkdirSync(SHOTS, { recursive: true });
        writeFileSync(join(SHOTS, `export-${theme}-preview.png`), preview);
        writeFileSync(join(SHOTS, `export-${theme}-chromium.png`), chromium);
        writeFileSync(join(SHOTS, `export-${theme}-inkscape.png`), inkscape);
        writeFileSync(join(SHOTS, `export-${theme}.svg`), svg);
        for (const [name, picture] of [['Chromium', chromium], ['Inkscape', inkscape]] as const) {
          const diff = (await chromiumPage.evaluate(imageDiffScript(url(preview), url(picture), width, height))) as ImageDiff;
          console.log(`      ${theme}: ${name} vs the preview: ${(diff.different * 100).toFixed(2)} % of pixels differ, mean ${diff.mean.toFixed(2)}`);
          assert.ok(diff.different < 0.02 && diff.mean < 4, `${theme}: ${name} draws the export unlike the preview: ${JSON.stringify(diff)}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await chromiumPage.close();
      await setTheme('light-plus');
    }
  });

  it('exports the gradient chart for the HTML report, with its hatches defined', async () => {
    await showExample('vanishing.rnn.json');
    const svg = await exported('svg', 'gradient-chart');
    const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    const refs = new Set([...svg.matchAll(/url\(["']?#([^"')]+)/g)].map((m) => m[1]));
    assert.ok(refs.has('unroll-vanishing'), 'vanishing bars are hatched');
    for (const ref of refs) assert.ok(ids.has(ref), `url(#${ref}) has no definition`);
    assert.equal((svg.match(/data-step="/g) ?? []).length, 50);
    await setTheme('dark');
  });

  it('raised no error in the page or the webview', () => {
    assert.deepEqual(errors, []);
  });
});

/** What a 320 px preview must not do: scroll sideways, cut its headline, put text outside, hide the first step or a
 *  table column. A script string: named functions inside frame.evaluate would need tsx's __name helper. */
const LAYOUT_320_SCRIPT = `(() => {
  const doc = document;
  const view = doc.documentElement.clientWidth;
  const box = (e) => e.getBoundingClientRect();
  const outside = (e) => box(e).left < -0.5 || box(e).right > view + 0.5;
  const h1 = doc.querySelector('h1');
  const scroller = doc.querySelector('.scroller');
  const first = doc.querySelector('svg.front g.step[data-step="0"]');
  const wrap = doc.querySelector('section.table .wrap');
  const texts = doc.querySelectorAll('main p, main li, main h1, main h2, main code, [data-threshold-label], section.table th, section.table td, .meta .item');
  return {
    view,
    pageScroll: doc.documentElement.scrollWidth - view,
    headlineCut: h1.scrollWidth > h1.clientWidth + 0.5 || outside(h1),
    outside: [...texts].filter((e) => box(e).width > 0 && outside(e)).map((e) => e.tagName + ' "' + (e.textContent || '').trim().slice(0, 40) + '" ' + Math.round(box(e).left) + '…' + Math.round(box(e).right)),
    firstColumn: first ? box(first).left >= box(scroller).left - 0.5 : true,
    tableScroll: wrap ? wrap.scrollWidth - wrap.clientWidth : 0,
  };
})()`;

function vanishing20(version = 1): PreviewModel {
  return { ...exploding(0.5, 20, version), name: 'Vanishing gradient (w2 = 0.5)' };
}
