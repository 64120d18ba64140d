// Entry point of the integration suite, run inside a real VS Code extension host: by
// @vscode/test-electron (test/run-electron.mjs) where VS Code can be downloaded, and by code-server
// (scripts/test-integration.mjs) on machines that reach only npm. Both call `run()` and read its
// promise; code-server's runner reads the JSON result file instead of the log.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/**
 * Every suite, in order. Each is loaded with a literal `require` so esbuild bundles it, but only
 * inside `run()`, after mocha has put `describe`/`it` on the globals (a static `import` would run the
 * file's top-level `describe` when the bundle loads, before there is a mocha to register with).
 */
const SUITES: [file: string, load: () => unknown][] = [
  ['extension.test.ts', () => require('./extension.test')],
  ['preview.test.ts', () => require('./preview.test')],
  ['diagnostics.test.ts', () => require('./diagnostics.test')],
  ['checkpoint.test.ts', () => require('./checkpoint.test')],
  ['language.test.ts', () => require('./language.test')],
  ['learning.test.ts', () => require('./learning.test')],
  ['walkthrough.test.ts', () => require('./walkthrough.test')],
  ['examples.test.ts', () => require('./examples.test')],
];

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

interface SuiteResult {
  vscodeVersion: string;
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  tests: TestRecord[];
}

/** mocha 12 is an ES module: `require('mocha')` gives its namespace, whose `Mocha` is the class. */
function mochaClass(): typeof import('mocha') {
  const loaded = require('mocha');
  return loaded.Mocha ?? loaded.default ?? loaded;
}

function resultPath(): string {
  // dist/test/suite/index.js → the extension's root
  return process.env.UNROLL_TEST_RESULT || path.resolve(__dirname, '..', '..', '..', 'test-output', 'integration-result.json');
}

function writeResult(result: SuiteResult): void {
  const file = resultPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole and renamed, so a runner polling for the file never reads half of it.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export function run(): Promise<void> {
  const Mocha = mochaClass();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: Mocha.reporters.Base });
  const grep = process.env.UNROLL_TEST_GREP;
  if (grep) mocha.grep(grep);

  console.log(`[unroll-tests] VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
  for (const [file, load] of SUITES) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', load(), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }

  // By title: mocha reports a test again when an uncaught error lands after it finished.
  const tests = new Map<string, TestRecord>();
  const record = (title: string, entry: Omit<TestRecord, 'title'>) => {
    const earlier = tests.get(title);
    if (earlier?.state === 'failed' && entry.state === 'failed') earlier.error = `${earlier.error}\n---\n${entry.error}`;
    else if (earlier?.state !== 'failed') tests.set(title, { title, ...entry });
  };
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failureEvents) => {
      const all = [...tests.values()];
      const result: SuiteResult = {
        vscodeVersion: vscode.version,
        passes: all.filter((t) => t.state === 'passed').length,
        failures: all.filter((t) => t.state === 'failed').length || (failureEvents > 0 ? 1 : 0),
        pending: all.filter((t) => t.state === 'pending').length,
        durationMs: Date.now() - started,
        tests: all,
      };
      try {
        writeResult(result);
      } catch (error) {
        console.error(`[unroll-tests] could not write ${resultPath()}: ${error}`);
      }
      console.log(`[unroll-tests] ${result.passes} passed, ${result.failures} failed`);
      if (result.failures > 0) reject(new Error(`${result.failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      record(test.fullTitle(), { state: 'passed', durationMs: test.duration });
      console.log(`[unroll-tests]   ✓ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      const message = error?.stack ?? String(error);
      record(test.fullTitle(), { state: 'failed', durationMs: test.duration, error: message });
      console.log(`[unroll-tests]   ✗ ${test.fullTitle()}\n${message}`);
    });
    runner.on('pending', (test) => {
      record(test.fullTitle(), { state: 'pending' });
      console.log(`[unroll-tests]   - ${test.fullTitle()} (pending)`);
    });
  });
}
