// Builds the marketplace package: a clean production build, then vsce, then the file list and size.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run(process.execPath, ['esbuild.mjs', '--production']);
const vsce = require.resolve('@vscode/vsce/vsce');
// Bundled with esbuild, so node_modules stays out of the package.
run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out]);
run(process.execPath, [vsce, 'ls', '--no-dependencies']);
const kb = statSync(out).size / 1024;
console.log(`\n${out}: ${kb.toFixed(1)} KB${kb > 400 ? '  (over the 400 KB target)' : ''}`);
