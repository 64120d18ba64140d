// One build, several targets: the extension host bundle, its worker, the CLI, the benchmark,
// the Svelte webview and the integration suite. Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import { existsSync } from 'node:fs';
import { watPlugin } from './scripts/wat.mjs';
import { webExtension, webWorker } from './scripts/web-build.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  // the engine's WebAssembly kernels, assembled from src/engine/kernels/*.wat and embedded as base64
  plugins: [watPlugin],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: production ? 'none' : 'inline',
};

// jsonc-parser's default (UMD) build requires its own files in a way esbuild cannot follow: prefer ESM.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

/**
 * dist/cli.js and dist/worker.js load dist/core.js at run time instead of each carrying a copy of
 * the spec parser and the engine (mathjs and ajv are most of the package's size).
 */
const sharedCore = {
  name: 'shared-core',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/core$/ }, ({ importer }) =>
      /src[\\/](cli|jobWorker)\.ts$/.test(importer) ? { path: './core.js', external: true } : undefined,
    );
  },
};

/** Only entries whose source exists, so the build works while a feature is still being written. */
const present = (points) => Object.fromEntries(Object.entries(points).filter(([, file]) => existsSync(file)));

const targets = [
  {
    ...node,
    entryPoints: present({
      extension: 'src/extension.ts',
      worker: 'src/jobWorker.ts',
      'pool-worker': 'src/pool/poolWorker.ts',
      core: 'src/core.ts',
    }),
    outdir: 'dist',
    external: ['vscode'],
    plugins: [watPlugin, sharedCore],
  },
  {
    ...node,
    entryPoints: present({ cli: 'src/cli.ts' }),
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [watPlugin, sharedCore],
  },
  // The web extension (package.json "browser"): the web worker extension host of vscode.dev, github.dev and a
  // browser-hosted code-server, and the Web Worker its jobs run in. No Node built-ins may reach either bundle.
  { ...common, ...webExtension, entryPoints: present(webExtension.entryPoints), outdir: 'dist/web' },
  { ...common, ...webWorker, entryPoints: present(webWorker.entryPoints), outdir: 'dist/web' },
  {
    ...common,
    entryPoints: present({ 'webview/main': 'webview/main.ts' }),
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['svelte', 'browser', 'module', 'main'],
    conditions: ['svelte', 'browser'],
    plugins: [watPlugin, sveltePlugin({ compilerOptions: { css: 'external', dev: !production } })],
  },
];

if (!production) {
  // Development-only bundles: never packaged (see .vscodeignore).
  targets.push(
    {
      ...node,
      entryPoints: present({ bench: 'bench/bench.ts', 'bench-preview': 'bench/preview.ts' }),
      outdir: 'dist',
      // tfjs is measured as shipped; bundling it would only slow the build.
      external: ['@tensorflow/*'],
    },
    {
      ...node,
      entryPoints: present({ 'test/suite/index': 'test/suite/index.ts' }),
      outdir: 'dist',
      external: ['vscode', 'mocha'],
    },
  );
}

const active = targets.filter((t) => Object.keys(t.entryPoints).length > 0);

if (watch) {
  const contexts = await Promise.all(active.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(active.map((t) => esbuild.build(t)));
}
