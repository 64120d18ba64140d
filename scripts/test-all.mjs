#!/usr/bin/env node
// `npm test`: every layer in order, cheapest first, each run even when an earlier one failed (except
// that integration and e2e need a build), then one closing line over all of them:
//   typecheck  tsc + svelte-check                       counts as one check
//   unit       mocha on test/unit (plain Node)
//   pytorch    exported PyTorch scripts run by a real torch (test/pytorch); skipped, and shown as skipped, when
//              no Python has torch (`npm run setup` installs Debian's python3-torch)
//   build      node esbuild.mjs, once for both layers below (counts as one check)
//   integration  the mocha suite inside code-server's extension host (scripts/test-integration.mjs)
//   e2e        playwright + Chromium against code-server's workbench (scripts/test-e2e.mjs)
//   web        a browser-only copy of the extension in code-server's web worker extension host (scripts/test-web.mjs)
//   views      the webview alone in Chromium (test/webview), last: it rebuilds dist/webview for production
// code-server is installed once into .cache/code-server and reused.
import { ensureCodeServer } from './lib/code-server.mjs';
import { failureDigest, parseSummary, printSummary, runCommand } from './lib/run.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;

/** @type {{name: string, passed: number, failed: number, skipped: number, seconds: number, note: string, ok: boolean, allSkipped?: boolean, failures?: string[]}[]} */
const layers = [];

async function layer(name, command, args, { counted = true, env = {} } = {}) {
  console.log(`\n━━ ${name} ━━ ${[command === node ? 'node' : command, ...args].join(' ')}`);
  const started = Date.now();
  const { code, output } = await runCommand(command, args, { capture: true, env });
  const seconds = (Date.now() - started) / 1000;
  let counts = counted ? parseSummary(output) : undefined;
  let note = '';
  if (!counts) {
    // A check without test counts (or a runner that died before printing them): one pass or fail.
    counts = { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
    if (counted) note = 'no summary line';
  } else if (code !== 0 && counts.failed === 0) {
    // Exited non-zero with nothing failed: count the layer itself as a failure.
    counts = { ...counts, failed: 1 };
    note = `exit ${code}`;
  }
  // A layer that could not run here (no torch) prints "[skip] why" and leaves its tests pending: shown as skipped.
  const allSkipped = counts.passed === 0 && counts.failed === 0 && counts.skipped > 0;
  if (allSkipped) note = output.match(/^\[skip\] (.*)$/m)?.[1] ?? 'every test skipped';
  const entry = { name, ...counts, seconds, note, allSkipped, ok: code === 0 && counts.failed === 0, failures: failureDigest(output) };
  layers.push(entry);
  return entry;
}

function skip(name, why) {
  layers.push({ name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `not run: ${why}`, ok: false });
}

async function main() {
  const started = Date.now();
  await layer('typecheck', npm, ['run', '--silent', 'typecheck'], { counted: false });
  await layer('unit', npx, ['mocha']);
  await layer('pytorch', npm, ['run', '--silent', 'test:pytorch']);
  const build = await layer('build', node, ['esbuild.mjs'], { counted: false });
  if (build.ok) {
    try {
      await ensureCodeServer();
      const env = { UNROLL_SKIP_BUILD: '1' };
      await layer('integration', node, ['scripts/test-integration.mjs'], { env });
      await layer('e2e', node, ['scripts/test-e2e.mjs'], { env });
      await layer('web', node, ['scripts/test-web.mjs'], { env });
    } catch (error) {
      console.error(`[test-all] ${error.message}`);
      for (const name of ['integration', 'e2e', 'web']) skip(name, 'code-server unavailable');
    }
  } else {
    for (const name of ['integration', 'e2e', 'web']) skip(name, 'build failed');
  }
  await layer('views', npm, ['run', '--silent', 'test:views']);

  console.log('\n━━ summary ━━');
  for (const l of layers) {
    const status = !l.ok ? 'FAIL' : l.allSkipped ? 'skip' : 'ok  ';
    const counts = `${l.passed} passed, ${l.failed} failed${l.skipped ? `, ${l.skipped} skipped` : ''}`;
    console.log(`${status} ${l.name.padEnd(12)} ${counts.padEnd(32)} ${l.seconds.toFixed(1).padStart(6)} s  ${l.note}`);
  }
  // What failed, repeated here because a long log is often read from its end.
  for (const l of layers.filter((entry) => !entry.ok && entry.failures?.length)) {
    console.log(`\n${l.name} failures:`);
    for (const line of l.failures ?? []) console.log(line);
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const total = layers.reduce(
    (sum, l) => ({ passed: sum.passed + l.passed, failed: sum.failed + l.failed, skipped: sum.skipped + l.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  printSummary(total);
  return layers.every((l) => l.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test-all] ${error.stack ?? error.message}`);
    printSummary({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
