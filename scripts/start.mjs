// `npm start`: the main job on a fresh machine. Installs what is missing, builds, and starts a real
// VS Code (code-server on 127.0.0.1) with Unroll loaded from source and examples/ opened, then keeps
// rebuilding on change until Ctrl+C. Only Node's own modules here: it runs before `npm ci` has.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const sh = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync('/usr/bin/rg') || !existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0) sh('bash', ['scripts/setup.sh']);
  else console.warn('[start] ripgrep or chromium is missing: run `sudo npm run setup` once.');
}
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) sh('npm', ['ci']);

const { startCodeServer, vscodeVersion } = await import('./lib/code-server.mjs');
const { workbenchUrl } = await import('./lib/workbench.mjs');

sh(process.execPath, ['esbuild.mjs']);
// Rebuild on change; "Developer: Reload Window" in VS Code picks the new build up.
const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const port = Number(process.env.PORT ?? 8080);
const examples = join(root, 'examples');
const server = await startCodeServer({ workspace: examples, port, name: 'start' });
const url = workbenchUrl({ serverUrl: server.url, folder: examples, extensionDevelopmentPath: root });
console.log(`
  VS Code ${vscodeVersion()} (code-server) is running with Unroll loaded from ${root}.
  Open this address in a browser on this machine:

    ${url}

  Open any *.rnn.json in examples/ and run "Unroll: Open Preview to the Side" (Ctrl+Shift+P).
  Ctrl+C stops it. Server log: ${server.logFile}
`);

const shutdown = async () => {
  watcher.kill();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
