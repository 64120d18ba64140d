// `require('./kernels.wat')` from sources (mocha -r, tsx): the module's bytes as base64, as the esbuild bundles
// have them. Assembling takes wabt a moment, so the result is cached by the text's hash.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const cacheDir = join(__dirname, '..', 'node_modules', '.cache', 'unroll-wat');

require.extensions['.wat'] = (module, filename) => {
  const text = readFileSync(filename);
  const cached = join(cacheDir, `${createHash('sha256').update(text).digest('hex')}.b64`);
  let base64;
  if (existsSync(cached)) {
    base64 = readFileSync(cached, 'utf8');
  } else {
    base64 = execFileSync(process.execPath, [join(__dirname, 'wat.mjs'), filename], { encoding: 'utf8' });
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, base64);
  }
  module.exports = { __esModule: true, default: base64 };
};
