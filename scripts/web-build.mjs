// The browser bundles (the web extension and its worker), shared by esbuild.mjs and the unit test that checks them.
// `noNodeBuiltins`: an import of a Node built-in (`fs`,
// `path`, `worker_threads`, `node:*` ...) is a build error that names the file importing it and says why, instead
// of esbuild's "Could not resolve" or, with `external`, a bundle that fails only when a person reaches that code in
// vscode.dev. A package whose own "browser" field maps the built-in away (seedrandom's guarded `require('crypto')`
// is `"crypto": false` there) has said it works without it: that import is let through, resolved the package's way.
import { builtinModules } from 'node:module';
import { watPlugin } from './wat.mjs';

const BUILTINS = new Set(builtinModules);
const INNER = Symbol('no-node-builtins: resolving');
const DISABLED = 'browser-disabled';

/** True for `fs`, `fs/promises`, `node:path`, `node:test` ...: anything only Node provides. */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);
}

/** @type {import('esbuild').Plugin} */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:][\w:/.-]*$/ }, async ({ path, importer, kind, resolveDir, pluginData }) => {
      if (pluginData === INNER || !isNodeBuiltin(path)) return undefined;
      const theirs = await build.resolve(path, { importer, kind, resolveDir, pluginData: INNER });
      // esbuild answers a mapping to `false` with the bare name: the package's empty stand-in, as esbuild itself gives it.
      if (theirs.errors.length === 0 && !theirs.external && !path.startsWith('node:')) {
        return theirs.path === path ? { path, namespace: DISABLED } : theirs;
      }
      return {
        errors: [{ text: `"${path}" is a Node built-in: the browser host has no such module (imported by ${importer || 'an entry point'})` }],
      };
    });
    build.onLoad({ filter: /.*/, namespace: DISABLED }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// jsonc-parser's ESM build, as for Node; `browser` first, so a package's browser build is taken where it has one.
const web = { bundle: true, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], plugins: [watPlugin, noNodeBuiltins] };

/** package.json "browser": the web worker extension host of vscode.dev, github.dev and a browser-hosted code-server. */
export const webExtension = { ...web, entryPoints: { extension: 'src/extension.browser.ts' }, format: 'cjs', external: ['vscode'] };

/** The Web Worker the browser host's jobs run in: a classic worker script (no `module` in a Worker's scope). */
export const webWorker = { ...web, entryPoints: { worker: 'src/jobWorker.browser.ts' }, format: 'iife' };
