#!/usr/bin/env node
// The README's pictures (media/screenshots/) are screenshots the tests take, copied here so that they show what the
// code draws today. Take them first, then copy:
//   node scripts/test-e2e.mjs test/e2e/commands.e2e.mjs test/e2e/live-edit.e2e.mjs   the editor-*.png (workbench, dark)
//   npx mocha --no-config -r tsx/cjs -r ./scripts/wat-hook.cjs --extension ts test/webview/learning.test.ts
//                                                                                    webview-readme-*.png (views)
//   node scripts/readme-pictures.mjs
// A picture the tests did not take is reported and left as it is.
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const MEDIA = join(ROOT, 'media', 'screenshots');

/** README picture ← the test's screenshot. */
const PICTURES = {
  'exploding-live-edit.png': 'editor-exploding.png',
  'lstm-gradient-survives.png': 'editor-lstm.png',
  'compare-cells.png': 'editor-compare.png',
  'training.png': 'editor-training.png',
  'sample-view.png': 'webview-readme-sample-view.png',
};

let missing = 0;
for (const [picture, shot] of Object.entries(PICTURES)) {
  const from = join(SHOTS, shot);
  if (!existsSync(from)) {
    console.log(`missing  ${shot}: run the test that takes it (media/screenshots/${picture} left as it is)`);
    missing++;
    continue;
  }
  copyFileSync(from, join(MEDIA, picture));
  console.log(`copied   ${shot} → media/screenshots/${picture} (${Math.round(statSync(from).size / 1024)} KB)`);
}
process.exitCode = missing > 0 ? 1 : 0;
