// One test layer against code-server's workbench in Debian's Chromium: the files of a folder (or those named) in
// mocha, after a build (unless UNROLL_SKIP_BUILD=1) and with code-server in place, then one summary line. The e2e
// and web layers differ only in their folder, file suffix and per-test timeout.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { ensureCodeServer, PROJECT_ROOT } from './code-server.mjs';
import { stopSharedCodeServer } from './e2e.mjs';
import { buildExtension, printSummary, step } from './run.mjs';

/** Runs the layer `name` (test/<folder>/*<suffix>) and exits the process with its result. */
export function runWorkbenchLayer({ name, folder, suffix, timeout }) {
  main({ name, folder, suffix, timeout }).then(
    (code) => process.exit(code),
    async (error) => {
      console.error(`[${name}] ${error.stack ?? error.message}`);
      await stopSharedCodeServer().catch(() => {});
      printSummary({ passed: 0, failed: 1 });
      process.exit(1);
    },
  );
}

async function main({ name, folder, suffix, timeout }) {
  const { values, positionals } = parseArgs({ options: { grep: { type: 'string' } }, allowPositionals: true });
  const started = Date.now();
  if (process.env.UNROLL_SKIP_BUILD !== '1') await step('build', buildExtension);
  await step('code-server', ensureCodeServer);

  const dir = join(PROJECT_ROOT, 'test', folder);
  const files = positionals.length > 0
    ? positionals.map((file) => resolve(file))
    : readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no *${suffix} files in ${dir}`);

  // One retry per test: a workbench on 2 busy cores now and then drops a keystroke or a click; a retried test
  // says so in the log (below), so a flake stays visible while a real failure still fails twice.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout, slow: 20_000, grep: values.grep, retries: 1 });
  for (const file of files) mocha.addFile(file);
  let stats;
  try {
    await mocha.loadFilesAsync();
    stats = await step(`${name} tests`, () => new Promise((done) => {
      const runner = mocha.run(() => done(runner.stats));
      // The first attempt's error in full (up to 12 lines): when the retry fails differently, this is the cause.
      runner.on('retry', (test, error) => console.log(`      (retrying "${test.title}": ${String(error?.message ?? error).split('\n').slice(0, 12).join('\n        ')})`));
    }));
  } finally {
    await stopSharedCodeServer();
  }
  console.log(`[${name}] ${files.length} file(s), total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printSummary({ passed: stats.passes, failed: stats.failures, skipped: stats.pending });
  return stats.failures > 0 || stats.passes === 0 ? 1 : 0;
}
