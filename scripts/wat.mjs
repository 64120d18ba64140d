#!/usr/bin/env node
// The engine's WebAssembly kernels are hand-written text (src/engine/kernels/*.wat), assembled here with wabt (the
// WebAssembly Binary Toolkit, from the npm registry) whenever something is built or tested: the binary is never a
// file in the repository. esbuild.mjs embeds it in each bundle as base64; scripts/wat-hook.cjs does the same for
// code run from sources (mocha, tsx).
//
//   node scripts/wat.mjs FILE.wat   prints the module as base64
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

/** The .wat file as WebAssembly bytes; throws with wabt's message (file:line:column) on a mistake. */
export async function assembleWat(file) {
  const toolkit = await wabt();
  const module = toolkit.parseWat(file, new Uint8Array(readFileSync(file)), { simd: true }); // bytes: a string's non-ASCII comments would be miscounted
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export async function watAsBase64(file) {
  return Buffer.from(await assembleWat(file)).toString('base64');
}

/** esbuild: `import kernels from './f64.wat'` is the module as a base64 string, assembled at build time. */
export const watPlugin = {
  name: 'wat',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, async ({ path }) => ({
      contents: `export default ${JSON.stringify(await watAsBase64(path))};`,
      loader: 'js',
      watchFiles: [path],
    }));
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  watAsBase64(process.argv[2]).then(
    (text) => process.stdout.write(text),
    (error) => {
      process.stderr.write(`${error.message ?? error}\n`);
      process.exit(1);
    },
  );
}
