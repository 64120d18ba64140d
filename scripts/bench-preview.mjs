#!/usr/bin/env node
// Edit-to-render latency of the live preview in the real workbench (code-server's VS Code in Debian's Chromium):
// from a keystroke in the .rnn.json editor to the preview showing the new numbers.
//
//   npm run bench:preview [-- --json] [--edits 40] [--pause 300] [--lstm-count 8] [--no-debounce-check] [--strict]
//
// Three specs: the StatQuest example, a generated LSTM 8→32 over 100 steps, and a generated LSTM 1→64 over 200
// steps with 8 sequences (the case issue 13 measured at 350 ms of engine time per keystroke).
//   --web                     the browser-only copy of the extension (scripts/lib/web-extension.mjs) in the web worker
//                             extension host, as in vscode.dev: its jobs in a Web Worker, its files through workspace.fs
//   UNROLL_SKIP_BUILD=1 ...   reuse dist/
//
// Each edit replaces one digit in the editor with one keystroke (a person's edit, through monaco, the extension
// host and the webview), alternating between two values so the numbers change every time. See METHOD below.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { armKeyProbe, calibrateClocks, highlightTime, installKeyProbe, installRenderProbe, keyTime, lstmSpec, summarize } from '../bench/preview-probe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { CODE_SERVER_VERSION, PROJECT_ROOT, startCodeServer, vscodeVersion } from './lib/code-server.mjs';
import { cliGrad, openNumbersTable, positionOf, previewFrame, sameNumber, specFacts } from './lib/preview.mjs';
import { Workbench } from './lib/workbench.mjs';
import { makeWorkspace } from './lib/workspace.mjs';
import { stageWebExtension } from './lib/web-extension.mjs';

const METHOD = [
  'Each edit selects one digit in the editor, waits, then types its replacement: one keystroke, one document change.',
  't0: a capture-phase keydown listener in the workbench page stamps the keystroke.',
  "t1: a MutationObserver in the preview's webview frame sees step 0's data-grad-norm (the exact ‖dL/dh_0‖ in the",
  '    "Numbers per step" table, opened first) take its new value; from there a requestAnimationFrame callback queues',
  '    a task, which runs once that frame is laid out and painted: t1 is that moment, the new numbers on screen.',
  'Both documents stamp with performance.timeOrigin + performance.now() (epoch ms, sub-ms); the clock offset between',
  'them is measured by bracketing a frame reading between two page readings, and subtracted.',
  "The webview reports through page.exposeFunction with its own timestamps, so the report's delay does not count.",
  'Every render is also checked: step 0 must show the value `unroll grad --json` computes for that text.',
];

const RENDERED = '__unrollBenchRendered';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    edits: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '3' },
    pause: { type: 'string', default: '300' },
    'lstm-count': { type: 'string', default: '8' },
    'no-debounce-check': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
  },
});
const EDITS = Number(args.edits);
const WARMUP = Number(args.warmup);
const PAUSE_MS = Number(args.pause);
// With --json, stdout carries the JSON alone; everything else goes to stderr.
const log = (line = '') => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

function build() {
  if (process.env.UNROLL_SKIP_BUILD === '1') return;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.stdout) process.stderr.write(result.stdout);
  if (result.status !== 0) throw new Error(`build failed (node esbuild.mjs exited with ${result.status})`);
}

/** bench/preview.ts's phase timings (built to dist/bench-preview.js), or undefined when that bundle is missing. */
function inProcessPhases(files) {
  const script = join(PROJECT_ROOT, 'dist', 'bench-preview.js');
  if (!existsSync(script)) return undefined;
  const result = spawnSync(process.execPath, [script, ...files, '--json'], { encoding: 'utf8' });
  if (result.status !== 0) {
    log(`[bench] dist/bench-preview.js failed: ${result.stderr.trim()}`);
    return undefined;
  }
  return JSON.parse(result.stdout);
}

/** Resolves with the next render report from the webview (or rejects after `timeout`). */
function renderWaiter() {
  /** @type {((report: any) => void) | undefined} */
  let resolveNext;
  return {
    deliver: (report) => resolveNext?.(report),
    next(timeout) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          resolveNext = undefined;
          reject(new Error(`no new numbers in the preview ${timeout} ms after the keystroke`));
        }, timeout);
        resolveNext = (report) => {
          clearTimeout(timer);
          resolveNext = undefined;
          resolve(report);
        };
      });
    },
  };
}

/**
 * Times `edits` keystrokes (after `warmup` untimed ones) on one digit of `file`, which alternates between `values`.
 * @param {{workbench: Workbench, waiter: ReturnType<typeof renderWaiter>, dir: string}} ctx
 */
async function measure(ctx, { label, file, anchor, needle, values, edits = EDITS, warmup = WARMUP }) {
  const { workbench, waiter, dir } = ctx;
  const page = workbench.page;
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const facts = specFacts(path);
  const at = positionOf(text, needle, anchor);
  // The engine's step-0 value for each of the two texts, to check every render shows the right numbers.
  const scratch = mkdtempSync(join(tmpdir(), 'unroll-bench-cli-'));
  const expected = values.map((v) => {
    writeFileSync(join(scratch, file), text.slice(0, at.offset) + v + text.slice(at.offset + needle.length));
    return cliGrad(join(scratch, file)).stepGradNorm[facts.sequence][0];
  });
  rmSync(scratch, { recursive: true, force: true });

  if ((await workbench.editorTabs()).length > 0) await workbench.closeAllEditors();
  await workbench.openFile(file);
  await workbench.runCommand('Unroll: Open Preview to the Side');
  const frame = await previewFrame(workbench, facts.name);
  await openNumbersTable(frame, facts.steps);
  await workbench.focusFileEditor(file);
  await workbench.selectInEditor(at.line, at.column, needle.length);
  await installKeyProbe(page);
  await installRenderProbe(frame, RENDERED, 0);
  const clock = await calibrateClocks(page, frame);

  const samples = [];
  const roundTrips = [];
  let wrong = 0;
  let missed = 0;
  for (let i = 0; i < warmup + edits; i++) {
    const next = values[(i + 1) % 2];
    if (i > 0) {
      // Select the digit typed last time. The host answers a cursor move with a small `highlight` message and no
      // engine run: keystroke → extension host → webview alone, the floor under every preview update.
      await armKeyProbe(page);
      await page.keyboard.press('Shift+ArrowLeft');
      await page.waitForTimeout(PAUSE_MS);
      const [selectAt, highlightAt] = [await keyTime(page), await highlightTime(frame)];
      if (i > warmup && selectAt !== undefined && highlightAt !== undefined && highlightAt > selectAt) {
        roundTrips.push(highlightAt - clock.offsetMs - selectAt);
      }
    } else {
      await page.waitForTimeout(PAUSE_MS);
    }
    const rendered = waiter.next(10_000);
    await armKeyProbe(page);
    await page.keyboard.type(next);
    let report;
    try {
      report = await rendered;
    } catch {
      missed++;
      continue;
    }
    const keyAt = await keyTime(page);
    const engineText = await frame.evaluate(() => /computed in ([\d.]+) ms/.exec(document.body.innerText)?.[1]);
    if (!sameNumber(report.value, expected[(i + 1) % 2])) wrong++;
    if (i < warmup || keyAt === undefined) continue;
    const since = (at) => (at === undefined ? NaN : at - clock.offsetMs - keyAt);
    samples.push({
      paintedMs: since(report.paintedAt),
      messageMs: since(report.messageAt),
      domMs: since(report.domAt),
      frameMs: since(report.frameAt),
      engineMs: engineText === undefined ? NaN : Number(engineText),
    });
  }
  await workbench.runCommand('File: Revert File'); // leave the editor clean, so closing it asks nothing
  return {
    label,
    file,
    spec: `${facts.cell}, ${facts.steps} steps`,
    edits,
    warmup,
    missed,
    wrongNumbers: wrong,
    clock,
    latencyMs: summarize(samples.map((s) => s.paintedMs)),
    // where the time goes (medians of each part; they need not add up to the median total)
    parts: {
      toWebviewMs: summarize(samples.map((s) => s.messageMs).filter(Number.isFinite)),
      roundTripMs: summarize(roundTrips),
      renderMs: summarize(samples.map((s) => s.domMs - s.messageMs).filter(Number.isFinite)),
      paintMs: summarize(samples.map((s) => s.paintedMs - s.domMs)),
      engineMs: summarize(samples.map((s) => s.engineMs).filter(Number.isFinite)),
    },
    samplesMs: samples.map((s) => Math.round(s.paintedMs * 10) / 10),
  };
}

function verdict(result, targets) {
  const checks = [];
  if (targets.median !== undefined) checks.push({ what: `median < ${targets.median} ms`, pass: result.latencyMs.median < targets.median });
  if (targets.p95 !== undefined) checks.push({ what: `p95 < ${targets.p95} ms`, pass: result.latencyMs.p95 < targets.p95 });
  checks.push({ what: 'every edit rendered, with the engine\'s numbers', pass: result.missed === 0 && result.wrongNumbers === 0 });
  return { checks, pass: checks.every((c) => c.pass) };
}

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '–');

async function main() {
  const load = loadavg()[0];
  build();
  const workspace = makeWorkspace({ prefix: 'unroll-bench-' });
  const lstmFile = 'bench-lstm.rnn.json';
  writeFileSync(join(workspace.dir, lstmFile), `${JSON.stringify(lstmSpec({ count: Number(args['lstm-count']) }), null, 2)}\n`);
  // issue 13's case, as a new user tried it: one input, 64 units, 200 steps, 8 sequences
  const longFile = 'bench-lstm-long.rnn.json';
  writeFileSync(join(workspace.dir, longFile), `${JSON.stringify(lstmSpec({ inputSize: 1, hiddenSize: 64, steps: 200, count: 8 }), null, 2)}\n`);
  const settingsDir = join(workspace.dir, '.vscode');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ 'files.exclude': { '.vscode': true } }));

  // The same two specs in one process without VS Code (bench/preview.ts): the host-side share of the latency.
  const phases = inProcessPhases([join(workspace.dir, 'statquest-stock.rnn.json'), join(workspace.dir, lstmFile), join(workspace.dir, longFile)]);

  const web = args.web ? stageWebExtension() : undefined;
  const server = await startCodeServer({ workspace: workspace.dir, name: 'code-server-bench' });
  const browser = await launchBrowser();
  const waiter = renderWaiter();
  const results = [];
  let debounce;
  try {
    await browser.page.exposeFunction(RENDERED, (report) => waiter.deliver(report));
    const workbench = await Workbench.open(browser.page, { serverUrl: server.url, folder: workspace.dir, extensionDevelopmentPath: web?.dir });
    if (web) log('[bench] the browser-only copy (no "main"): the web worker extension host, jobs in a Web Worker');
    const ctx = { workbench, waiter, dir: workspace.dir };
    log(`[bench] code-server ${CODE_SERVER_VERSION} (VS Code ${vscodeVersion()}), Chromium ${browser.browser.version()}, ${cpus().length} CPUs, load ${load.toFixed(2)}`);

    const statquest = { label: 'StatQuest (statquest-stock.rnn.json)', file: 'statquest-stock.rnn.json', anchor: '"fc.bias": [', needle: '0', values: ['0', '1'] };
    const lstm = { label: 'LSTM 8→32, 100 steps (generated)', file: lstmFile, anchor: '"seed": ', needle: '1', values: ['1', '2'] };
    const long = { label: 'LSTM 1→64, 200 steps × 8 (generated)', file: longFile, anchor: '"seed": ', needle: '1', values: ['1', '2'] };
    for (const [config, targets] of [
      [statquest, { median: 50, p95: 100 }],
      [lstm, { p95: 150 }],
      [long, { median: 100 }],
    ]) {
      log(`[bench] ${config.label}: ${WARMUP} warm-up + ${EDITS} timed edits, ${PAUSE_MS} ms apart`);
      const result = await measure(ctx, config);
      const inProcess = phases?.find((p) => p.file.endsWith(config.file));
      results.push({ ...result, inProcess, targets, verdict: verdict(result, targets) });
    }

    if (!args['no-debounce-check']) {
      // If the preview waited for unroll.diagnostics.delayMs, a 1000 ms setting would put every render past 1 s.
      const edits = 8;
      // The same write hides stock-prices.csv: once the explorer drops it, the window has the new settings.
      writeFileSync(
        join(settingsDir, 'settings.json'),
        JSON.stringify({ 'files.exclude': { '.vscode': true, 'stock-prices.csv': true }, 'unroll.diagnostics.delayMs': 1000 }),
      );
      await browser.page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'stock-prices.csv' })
        .waitFor({ state: 'detached', timeout: 15_000 });
      await browser.page.waitForTimeout(500); // and the extension host, which hears of it a moment later
      log(`[bench] unroll.diagnostics.delayMs = 1000: ${edits} more StatQuest edits`);
      const slow = await measure(ctx, { ...statquest, label: 'StatQuest, diagnostics delay 1000', edits, warmup: 1 });
      const base = results[0].latencyMs.median;
      debounce = { setting: 1000, medianMs: slow.latencyMs.median, baselineMedianMs: base, affectsPreview: slow.latencyMs.median > base + 500, result: slow };
    }
  } finally {
    await browser.close();
    await server.stop();
    workspace.remove();
    web?.remove();
  }

  const ok = results.every((r) => r.verdict.pass);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ method: METHOD.join(' '), environment: { codeServer: CODE_SERVER_VERSION, vscode: vscodeVersion(), cpus: cpus().length, loadAverage: load }, editsPerCase: EDITS, pauseMs: PAUSE_MS, cases: results, debounce, pass: ok }, null, 2)}\n`);
  } else {
    log();
    log('Method:');
    for (const line of METHOD) log(`  ${line}`);
    log();
    const table = (rows) => {
      const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
      for (const row of rows) log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
      log();
    };
    const rows = [['case', 'edits', 'median', 'p95', 'min', 'max', 'targets', 'result']];
    for (const r of results) {
      const targets = r.verdict.checks.slice(0, -1).map((c) => c.what).join(', ');
      const missed = r.missed || r.wrongNumbers ? ` (${r.missed} missed, ${r.wrongNumbers} wrong numbers)` : '';
      rows.push([r.label, String(r.latencyMs.n), ms(r.latencyMs.median), ms(r.latencyMs.p95), ms(r.latencyMs.min), ms(r.latencyMs.max), targets, (r.verdict.pass ? 'PASS' : 'MISS') + missed]);
    }
    table(rows);
    log('Where the time goes (medians): keystroke → model message in the webview (monaco, extension host, preview');
    log('worker, transport), of which the engine run (the header\'s "computed in"); message → DOM written (Svelte);');
    log('DOM written → frame painted (style, layout, paint). "floor": a cursor move → the host\'s highlight message in');
    log('the webview, the same trip through the extension host with no preview work (measured between the edits).');
    const parts = [['case', 'to webview', 'of which engine', 'render', 'paint', 'floor']];
    for (const r of results) {
      parts.push([r.label, ms(r.parts.toWebviewMs.median), ms(r.parts.engineMs.median), ms(r.parts.renderMs.median), ms(r.parts.paintMs.median), ms(r.parts.roundTripMs.median)]);
    }
    table(parts);
    if (results.some((r) => r.inProcess)) {
      log('The same specs in one process, no VS Code (bench/preview.ts, medians): the preview worker\'s share.');
      const host = [['case', 'parse + data', 'engine', 'model', 'JSON encode', 'message']];
      for (const r of results) {
        const p = r.inProcess;
        if (p) host.push([r.label, ms(p.parseMs), ms(p.engineMs), ms(p.modelMs), ms(p.encodeMs), `${(p.messageBytes / 1024).toFixed(0)} KB`]);
      }
      table(host);
    }
    for (const r of results) log(`clock offset webview − page for ${r.file}: ${r.clock.offsetMs.toFixed(2)} ± ${r.clock.uncertaintyMs.toFixed(2)} ms (subtracted)`);
    if (debounce) {
      log(
        `unroll.diagnostics.delayMs: with 1000 the StatQuest median is ${ms(debounce.medianMs)} (default setting: ${ms(debounce.baselineMedianMs)}) → ` +
          (debounce.affectsPreview ? 'the preview IS debounced by this setting' : 'the preview is NOT debounced by this setting (it only delays diagnostics)'),
      );
    }
    log(`load average at start: ${load.toFixed(2)} on ${cpus().length} CPUs (other work on the machine inflates the tail)`);
    log(ok ? 'all targets met' : 'some targets MISSED');
  }
  return args.strict && !ok ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[bench] ${error.stack ?? error.message}`);
    process.exit(2);
  },
);
