#!/usr/bin/env node
// End-to-end tests: test/e2e/*.e2e.mjs in mocha, against code-server's workbench in Debian's Chromium,
// with this project loaded from source. Screenshots land in test-output/screenshots/.
//
//   node scripts/test-e2e.mjs [--grep text] [files...]
//   UNROLL_SKIP_BUILD=1 ...     reuse dist/ (test-all builds once for every layer)
//   UNROLL_HEADFUL=1 ...        show the browser (needs a display)
//   UNROLL_EXTENSION_ROOT=dir   test a staged copy (package.json + dist/) instead of this tree
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { ensureCodeServer, PROJECT_ROOT } from './lib/code-server.mjs';
import { stopSharedCodeServer } from './lib/e2e.mjs';
import { buildExtension, printSummary, step } from './lib/run.mjs';

const E2E_DIR = join(PROJECT_ROOT, 'test', 'e2e');

async function main() {
  const { values, positionals } = parseArgs({ options: { grep: { type: 'string' } }, allowPositionals: true });
  const started = Date.now();
  if (process.env.UNROLL_SKIP_BUILD !== '1') await step('build', buildExtension);
  await step('code-server', ensureCodeServer);

  const files = positionals.length > 0
    ? positionals.map((file) => resolve(file))
    : readdirSync(E2E_DIR).filter((f) => f.endsWith('.e2e.mjs')).sort().map((f) => join(E2E_DIR, f));
  if (files.length === 0) throw new Error(`no *.e2e.mjs files in ${E2E_DIR}`);

  // One retry per test: a workbench on 2 busy cores now and then drops a keystroke or a click; a retried test
  // says so in the log (below), so a flake stays visible while a real failure still fails twice.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 90_000, slow: 20_000, grep: values.grep, retries: 1 });
  for (const file of files) mocha.addFile(file);
  let stats;
  try {
    await mocha.loadFilesAsync();
    stats = await step('e2e tests', () => new Promise((done) => {
      const runner = mocha.run(() => done(runner.stats));
      // The first attempt's error in full (up to 12 lines): when the retry fails differently, this is the cause.
      runner.on('retry', (test, error) => console.log(`      (retrying "${test.title}": ${String(error?.message ?? error).split('\n').slice(0, 12).join('\n        ')})`));
    }));
  } finally {
    await stopSharedCodeServer();
  }
  console.log(`[e2e] ${files.length} file(s), total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printSummary({ passed: stats.passes, failed: stats.failures, skipped: stats.pending });
  return stats.failures > 0 || stats.passes === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`[e2e] ${error.stack ?? error.message}`);
    await stopSharedCodeServer().catch(() => {});
    printSummary({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
