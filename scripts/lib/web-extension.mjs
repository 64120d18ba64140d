// A web-only copy of the extension, as vscode.dev or github.dev would load it: the manifest keeps its `browser`
// entry point and loses `main` (and the CLI's `bin`), so no VS Code can run it in a Node extension host; a
// browser-hosted workbench runs it in its web worker extension host, where there is no Node at all.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './code-server.mjs';

/** What the browser host reads at run time: the web bundles, the webview, and what the manifest and commands name. */
const PARTS = ['dist/web/extension.js', 'dist/web/worker.js', 'dist/webview/main.js', 'dist/webview/main.css', 'examples', 'media', 'schema', 'README.md', 'LICENSE'];

/**
 * Copies the built extension (run `node esbuild.mjs` first) into a fresh folder with a browser-only manifest.
 * @returns {{dir: string, remove(): void}}
 */
export function stageWebExtension({ from = PROJECT_ROOT } = {}) {
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error('package.json has no "browser" entry point');
  delete manifest.main;
  delete manifest.bin;
  const dir = mkdtempSync(join(tmpdir(), 'unroll-web-extension-'));
  for (const part of PARTS) {
    const source = join(from, part);
    if (!existsSync(source)) {
      if (part.startsWith('dist/')) throw new Error(`${part} is missing: build first (node esbuild.mjs)`);
      continue;
    }
    mkdirSync(join(dir, part, '..'), { recursive: true });
    cpSync(source, join(dir, part), { recursive: true });
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
