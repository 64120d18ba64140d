#!/usr/bin/env node
// Integration tests in a real VS Code on machines without internet: code-server (VS Code 1.100) runs
// the extension from source as an Extension Development Host, and its extension host runs the same
// mocha suite that test/run-electron.mjs runs under @vscode/test-electron. The suite writes its
// result to a file; this runner reads that, not the log.
//
//   node scripts/test-integration.mjs            build, then run
//   UNROLL_SKIP_BUILD=1 ...                       reuse dist/ (test-all builds once for every layer)
//   UNROLL_TEST_GREP='preview' ...                only tests whose title matches
//   UNROLL_EXTENSION_ROOT=dir ...                 test a staged copy (package.json + dist/) instead of this tree
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { buildExtension, printSummary, step } from './lib/run.mjs';
import { ensureCodeServer, EXTENSION_ROOT, OUTPUT_DIR, startCodeServer } from './lib/code-server.mjs';
import { workbenchUrl } from './lib/workbench.mjs';
import { makeWorkspace } from './lib/workspace.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.UNROLL_SUITE_TIMEOUT_MS ?? 5 * 60_000);
const RESULT_FILE = join(OUTPUT_DIR, 'integration-result.json');
const CONSOLE_LOG = join(OUTPUT_DIR, 'integration-console.log');
const SUITE_ENTRY = join(EXTENSION_ROOT, 'dist', 'test', 'suite', 'index.js');

async function main() {
  const started = Date.now();
  if (process.env.UNROLL_SKIP_BUILD !== '1') await step('build', buildExtension);
  if (!existsSync(SUITE_ENTRY)) throw new Error(`${SUITE_ENTRY} is missing: the build did not produce the test suite`);
  await step('code-server', ensureCodeServer);

  mkdirSync(OUTPUT_DIR, { recursive: true });
  rmSync(RESULT_FILE, { force: true });
  const workspace = makeWorkspace({ prefix: 'unroll-integration-' });
  console.log(`[integration] workspace ${workspace.dir} (${workspace.specs.length} specs from ${workspace.source})`);

  let server;
  let browser;
  const consoleLog = createWriteStream(CONSOLE_LOG);
  try {
    server = await step('start code-server', () =>
      startCodeServer({
        workspace: workspace.dir,
        name: 'code-server-integration',
        env: { UNROLL_TEST_RESULT: RESULT_FILE, ...(process.env.UNROLL_TEST_GREP ? { UNROLL_TEST_GREP: process.env.UNROLL_TEST_GREP } : {}) },
      }),
    );
    browser = await launchBrowser();
    // Everything the page logs goes to a file; the suite's own lines and errors also to stdout.
    browser.page.on('console', (message) => {
      const text = message.text().replace(/%c/g, '');
      consoleLog.write(`[${message.type()}] ${text}\n`);
      if (text.includes('[unroll-tests]')) console.log(text.slice(text.indexOf('[unroll-tests]')));
      else if (message.type() === 'error' && /Extension Host|unroll/i.test(text)) console.log(`[page error] ${text}`);
    });
    browser.page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));

    const url = workbenchUrl({
      serverUrl: server.url,
      folder: workspace.dir,
      extensionDevelopmentPath: EXTENSION_ROOT,
      extensionTestsPath: SUITE_ENTRY,
    });
    await browser.page.goto(url);
    const result = await step('suite', () => waitForResult(server));

    for (const test of result.tests.filter((t) => t.state === 'failed')) {
      console.log(`\nFAILED: ${test.title}\n${test.error}`);
    }
    console.log(`[integration] VS Code ${result.vscodeVersion}; ${result.tests.length} tests in ${(result.durationMs / 1000).toFixed(1)} s; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    printSummary({ passed: result.passes, failed: result.failures, skipped: result.pending });
    return result.failures > 0 || result.passes === 0 ? 1 : 0;
  } finally {
    await browser?.close();
    await server?.stop();
    consoleLog.end();
    workspace.remove();
  }
}

async function waitForResult(server) {
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(RESULT_FILE)) return JSON.parse(readFileSync(RESULT_FILE, 'utf8'));
    if (server.process.exitCode !== null) throw new Error(`code-server exited before the suite reported; see ${server.logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`suite never reported within ${SUITE_TIMEOUT_MS / 1000} s; see ${CONSOLE_LOG} and ${server.logFile}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[integration] ${error.message}`);
    printSummary({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
