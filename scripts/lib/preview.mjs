// Reading Unroll's preview the way the e2e tests and the latency benchmark need it: which webview frame shows a
// spec, the per-step numbers its "Numbers per step" table carries, and the engine's own numbers from the CLI
// (`unroll grad --json`), the independent source of truth the preview is checked against.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXTENSION_ROOT } from './code-server.mjs';

/** What the webview marks for tests (webview/parts/Header.svelte, HealthBadge, ProblemBanner, GradientTable). */
export const PREVIEW = {
  specName: '[data-testid="spec-name"]',
  stepCount: '[data-testid="step-count"]',
  loss: '[data-testid="loss-value"]',
  health: '[data-testid="health-badge"]',
  banner: '[data-testid="problem-banner"]',
  tableToggle: 'section.table details > summary',
  gradRow: 'tr[data-grad-norm]',
};

/**
 * What a person counts in a spec file: its name, the sequence the preview shows (view.sequence, else 0) and
 * that sequence's number of steps, for each way a spec gives data (inline sequences, formulas, a CSV window).
 */
export function specFacts(path) {
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  const data = spec.data ?? {};
  const sequence = spec.view?.sequence ?? 0;
  let steps;
  if (Array.isArray(data.sequences)) steps = (data.sequences[sequence] ?? data.sequences[0])?.inputs?.length;
  else if (data.generate) steps = data.generate.length;
  else if (data.csv) steps = data.csv.window;
  else if (data.text) steps = data.text.window ?? 25; // the schema's default window
  return { name: spec.name ?? basename(path, '.rnn.json'), cell: spec.model?.cell, sequence, steps };
}

/** `unroll grad SPEC --json` of the build under test, with "NaN" / "±Infinity" strings turned back into numbers. */
export function cliGrad(specPath) {
  const cli = join(EXTENSION_ROOT, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'grad', specPath, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`unroll grad ${specPath} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout, (_key, v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
}

/**
 * True when the number written in `text` (an attribute: String(x) of a double) is `expected`: the same double,
 * or within `relative` of it (the same engine runs in the extension host and in the CLI, so equality is expected;
 * the tolerance only forgives a different but equally correct summation order).
 */
export function sameNumber(text, expected, relative = 1e-12) {
  const shown = Number(text);
  if (Object.is(shown, expected)) return true;
  if (!Number.isFinite(shown) || !Number.isFinite(expected)) return Number.isNaN(shown) && Number.isNaN(expected);
  return Math.abs(shown - expected) <= relative * Math.max(Math.abs(shown), Math.abs(expected));
}

/**
 * The webview content frame whose header names `name` (any preview when `name` is undefined). A closed
 * preview's frame may linger for a moment, so the name is what tells them apart.
 * @param {import('./workbench.mjs').Workbench} workbench
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function previewFrame(workbench, name, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of workbench.page.frames()) {
      if (frame.isDetached() || !frame.url().includes('/webview/browser/pre/fake.html')) continue;
      const shown = await frame
        .evaluate((selector) => document.querySelector(selector)?.textContent?.trim(), PREVIEW.specName)
        .catch(() => undefined);
      if (shown !== undefined && (name === undefined || shown === name)) return frame;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const shown = [await workbench.messagesShown(), ...(await workbench.webviewTexts()).map((t) => `webview "${t.slice(0, 200)}"`)];
  throw new Error(`no preview of "${name ?? 'any spec'}" after ${timeout / 1000} s; the workbench shows: ${shown.filter(Boolean).join('; ') || 'nothing'}`);
}

/**
 * Opens "Numbers per step" (a <details>; its rows exist only while it is open) by clicking its summary, as a
 * person does, and waits for `steps` rows. Leaves the focus in the webview.
 * @param {import('playwright-core').Frame} frame
 */
export async function openNumbersTable(frame, steps, { timeout = 10_000 } = {}) {
  const open = await frame.$eval('section.table details', (d) => /** @type {HTMLDetailsElement} */ (d).open);
  if (!open) await frame.locator(PREVIEW.tableToggle).click({ timeout });
  await frame.waitForFunction(
    ({ selector, steps }) => document.querySelectorAll(selector).length === steps,
    { selector: PREVIEW.gradRow, steps },
    { timeout },
  );
}

/**
 * Everything the tests read off the preview in one evaluate: header, badge, banner, dimming, the table's rows
 * (data-grad-norm as written, unparsed) and the distinct data-step values of every view.
 * @param {import('playwright-core').Frame} frame
 */
export async function readPreview(frame) {
  return frame.evaluate((S) => {
    const text = (selector) => document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
    const main = document.querySelector('main');
    return {
      name: text(S.specName),
      steps: Number(text(S.stepCount)),
      loss: text(S.loss),
      health: text(S.health),
      banner: text(S.banner),
      version: Number(main?.getAttribute('data-version')),
      stale: main?.classList.contains('stale') ?? false,
      // The views are dimmed while the spec is invalid (the header stays readable): the first view's opacity.
      opacity: (() => {
        const view = main?.querySelector(':scope > section');
        return view ? Number(getComputedStyle(view).opacity) : 1;
      })(),
      rows: [...document.querySelectorAll(S.gradRow)].map((row) => ({
        step: Number(row.getAttribute('data-step')),
        gradNorm: row.getAttribute('data-grad-norm') ?? '',
      })),
      stepSet: [...new Set([...document.querySelectorAll('[data-step]')].map((el) => Number(el.getAttribute('data-step'))))].sort((a, b) => a - b),
    };
  }, PREVIEW);
}

/** data-grad-norm of step `t` as written ('' while the table is closed or the step is absent). */
export async function gradNormAt(frame, t = 0) {
  return frame.evaluate(
    ([selector, t]) => document.querySelector(`${selector}[data-step="${t}"]`)?.getAttribute('data-grad-norm') ?? '',
    /** @type {[string, number]} */ ([PREVIEW.gradRow, t]),
  );
}

/** Polls `read()` until `accept(value)` holds; returns that value, or throws with the last one seen. */
export async function pollUntil(read, accept, { timeout = 15_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeout / 1000} s; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** 1-based line and column of the first `needle` after `anchor` in `text` (for Go to Line). */
export function positionOf(text, needle, anchor = '') {
  const start = anchor ? text.indexOf(anchor) : 0;
  if (start < 0) throw new Error(`"${anchor}" not found`);
  const offset = text.indexOf(needle, start + anchor.length);
  if (offset < 0) throw new Error(`"${needle}" not found after "${anchor}"`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}
