// The .vsix holds what the manifest points at. .vscodeignore is an allow-list, so a new kind of file (a grammar, a
// walkthrough picture, an example's text) is left out silently unless it is added there; a packaged extension would
// then load without its language or show broken pictures. `vsce ls` lists exactly what `vsce package` would pack.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function packedFiles(): Set<string> {
  const vsce = require.resolve('@vscode/vsce/vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  return new Set(out.split('\n').map((line) => line.trim().replace(/^\.\//, '')).filter(Boolean));
}

/** Every file the manifest names: entry points, icon, grammars, language configurations, walkthrough media. */
function manifestFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const c = manifest.contributes;
  const files: string[] = [manifest.main, manifest.browser, manifest.icon].filter(Boolean);
  for (const grammar of c.grammars ?? []) files.push(grammar.path);
  for (const language of c.languages ?? []) if (language.configuration) files.push(language.configuration);
  for (const walkthrough of c.walkthroughs ?? []) {
    for (const step of walkthrough.steps) {
      const media = step.media ?? {};
      for (const image of typeof media.image === 'string' ? [media.image] : Object.values(media.image ?? {})) files.push(image as string);
      if (media.markdown) files.push(media.markdown);
      if (media.svg) files.push(media.svg);
    }
  }
  return files.map((f) => f.replace(/^\.\//, '')).map((f) => (/\.(js|json|png|svg|md)$/.test(f) ? f : `${f}.js`));
}

describe('the packaged extension', function () {
  this.timeout(120_000);

  it('holds every file the manifest names, every example and every data file an example reads', () => {
    const packed = packedFiles();
    const missing = manifestFiles().filter((f) => !f.startsWith('dist/') && !packed.has(f));
    assert.deepEqual(missing, [], 'named by package.json but left out by .vscodeignore');
    // dist/ is built, so only its allow-list entries can be checked here: each entry point must be allowed.
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    for (const entry of manifestFiles().filter((f) => f.startsWith('dist/'))) {
      assert.ok(ignore.includes(`!${entry}`) || ignore.includes(`!${entry.replace(/[^/]+$/, '*.js')}`), `${entry} is allowed into the package`);
    }
    for (const file of readdirSync(join(ROOT, 'examples'))) {
      assert.ok(packed.has(`examples/${file}`), `examples/${file} is packed (New Spec from Example and the walkthrough read it)`);
    }
    assert.ok(packed.has('media/walkthrough/fifty-steps.rnn.json'), 'the walkthrough\'s lesson spec is packed');
  });
});
