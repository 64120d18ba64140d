// The browser host has no Node: the web extension's bundles are built here exactly as esbuild.mjs builds them
// (scripts/web-build.mjs), and must hold no Node built-in, no Node-only global, and (the host's) no parser or engine.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '..', '..', '..');

async function bundle(options: esbuild.BuildOptions): Promise<{ text: string; inputs: string[] }> {
  const result = await esbuild.build({ ...options, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent', outdir: 'out' });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  assert.ok(js, 'no JavaScript output');
  return { text: js.text, inputs: Object.keys(result.metafile.inputs) };
}

/** Calls of what only Node provides, as they would appear in bundled code (comments in libraries aside). */
function nodeOnlyUses(text: string): string[] {
  const found = text.match(/\brequire\((['"])(node:)?(fs|path|os|worker_threads|child_process|crypto|stream|util|module)\1\)|\bBuffer\.from\(|\bprocess\.(cwd|exit|on|stdout|stderr)\b|__dirname/g);
  return [...new Set(found ?? [])];
}

describe('browser bundles', function () {
  // Bundling the worker (mathjs, ajv, the engine) takes a few seconds on a busy machine.
  this.timeout(120_000);

  it('refuses a Node built-in, naming the file that imports it', async () => {
    const { noNodeBuiltins } = await import('../../../scripts/web-build.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'unroll-web-build-'));
    try {
      for (const specifier of ['fs', 'node:path', 'worker_threads', 'child_process', 'os', 'fs/promises']) {
        writeFileSync(join(dir, 'entry.ts'), `import * as m from '${specifier}';\nconsole.log(m);\n`);
        const failure = await esbuild
          .build({ entryPoints: [join(dir, 'entry.ts')], bundle: true, platform: 'browser', write: false, logLevel: 'silent', plugins: [noNodeBuiltins] })
          .then(() => undefined, (error: esbuild.BuildFailure) => error.errors.map((e) => e.text).join('\n'));
        assert.ok(failure, `"${specifier}" was bundled for the browser`);
        assert.match(failure, new RegExp(`"${specifier}" is a Node built-in.*entry\\.ts`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets through a package that maps a built-in away for browsers (seedrandom\'s guarded crypto)', async () => {
    const { noNodeBuiltins } = await import('../../../scripts/web-build.mjs');
    const result = await esbuild.build({
      stdin: { contents: "import seedrandom from 'seedrandom';\nconsole.log(seedrandom('x')());\n", resolveDir: ROOT },
      bundle: true,
      platform: 'browser',
      write: false,
      logLevel: 'silent',
      plugins: [noNodeBuiltins],
    });
    assert.deepEqual(nodeOnlyUses(result.outputFiles[0].text), []);
  });

  it('builds the web extension host bundle without Node, the parser or the engine', async () => {
    const { webExtension } = await import('../../../scripts/web-build.mjs');
    const { text, inputs } = await bundle(webExtension);
    assert.deepEqual(nodeOnlyUses(text), []);
    assert.deepEqual(inputs.filter((input) => /node_modules[\\/](mathjs|ajv|papaparse)[\\/]|src[\\/](spec[\\/](parse|schemaCheck|index)|engine[\\/](run|train|backward)|jobs[\\/]handlers)\.ts/.test(input)), []);
    assert.ok(inputs.includes('src/worker/webTransport.ts'), 'the host starts its jobs in a Web Worker');
  });

  it('builds the web worker bundle without Node, with the jobs and the engine', async () => {
    const { webWorker } = await import('../../../scripts/web-build.mjs');
    const { text, inputs } = await bundle(webWorker);
    assert.deepEqual(nodeOnlyUses(text), []);
    assert.ok(inputs.includes('src/jobs/handlers.ts') && inputs.some((input) => input.startsWith('src/engine/')));
    assert.ok(!inputs.some((input) => /src[\\/](pool|cli)[\\/]|nodeTransport/.test(input)), 'a Node-only module is in the worker');
  });
});
