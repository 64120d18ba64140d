#!/usr/bin/env node
// The web layer: test/web/*.web.mjs in mocha, against code-server's web workbench in Debian's Chromium, with a
// browser-only copy of the extension (scripts/lib/web-extension.mjs) that runs in the web worker extension host.
//
//   node scripts/test-web.mjs [--grep text] [files...]
//   UNROLL_SKIP_BUILD=1 ...     reuse dist/ (test-all builds once for every layer)
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { ensureCodeServer, PROJECT_ROOT } from './lib/code-server.mjs';
import { stopSharedCodeServer } from './lib/e2e.mjs';
import { buildExtension, printSummary, step } from './lib/run.mjs';

const WEB_DIR = join(PROJECT_ROOT, 'test', 'web');

async function main() {
  const { values, positionals } = parseArgs({ options: { grep: { type: 'string' } }, allowPositionals: true });
  const started = Date.now();
  if (process.env.UNROLL_SKIP_BUILD !== '1') await step('build', buildExtension);
  await step('code-server', ensureCodeServer);
  const files = positionals.length > 0
    ? positionals.map((file) => resolve(file))
    : readdirSync(WEB_DIR).filter((f) => f.endsWith('.web.mjs')).sort().map((f) => join(WEB_DIR, f));
  // One retry per test, as in the e2e layer: a workbench on busy cores now and then drops a click.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, slow: 20_000, grep: values.grep, retries: 1 });
  for (const file of files) mocha.addFile(file);
  let stats;
  try {
    await mocha.loadFilesAsync();
    stats = await step('web tests', () => new Promise((done) => {
      const runner = mocha.run(() => done(runner.stats));
      runner.on('retry', (test, error) => console.log(`      (retrying "${test.title}": ${String(error?.message ?? error).split('\n').slice(0, 12).join('\n        ')})`));
    }));
  } finally {
    await stopSharedCodeServer();
  }
  console.log(`[web] ${files.length} file(s), total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printSummary({ passed: stats.passes, failed: stats.failures, skipped: stats.pending });
  return stats.failures > 0 || stats.passes === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`[web] ${error.stack ?? error.message}`);
    await stopSharedCodeServer().catch(() => {});
    printSummary({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
