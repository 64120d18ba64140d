// A real VS Code for tests on machines that reach only the npm registry and Debian's packages:
// code-server (VS Code's own server and workbench) installed from npm into an ignored cache folder.
// The install steps are the ones that work on machines that reach only npm and Debian: a plain `npm install code-server`
// fails here (its postinstall refuses root, and @vscode/ripgrep downloads `rg` from the internet).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(PROJECT_ROOT, '.cache', 'code-server');
export const OUTPUT_DIR = join(PROJECT_ROOT, 'test-output');
/** The extension the tests load: this project, or a staged copy of it (its package.json and dist/)
 *  when UNROLL_EXTENSION_ROOT says so, e.g. to test one build while the work tree's dist/ is rebuilt. */
export const EXTENSION_ROOT = resolve(process.env.UNROLL_EXTENSION_ROOT ?? PROJECT_ROOT);

const PACKAGE_DIR = join(CACHE_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = join(PACKAGE_DIR, 'lib', 'vscode');
const ENTRY = join(PACKAGE_DIR, 'out', 'node', 'entry.js');
// Written last, so a half-finished install (interrupted, or failed) is redone instead of reused.
const MARKER = join(CACHE_DIR, `.complete-${CODE_SERVER_VERSION}`);

const REQUIRED_TOOLS = { chromium: '/usr/bin/chromium', ripgrep: '/usr/bin/rg' };

const log = (message) => console.log(`[code-server] ${message}`);

/** Fails with the fix when the system packages the tests need are missing. */
export function checkSystemTools() {
  const missing = Object.entries(REQUIRED_TOOLS).filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const names = missing.map(([name, path]) => `${name} (${path})`).join(', ');
    throw new Error(`missing ${names}: run \`npm run setup\` as root first`);
  }
}

function run(command, args, cwd, env = {}) {
  const started = Date.now();
  log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${result.status ?? result.signal}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function linkFresh(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

/**
 * Installs code-server into .cache/code-server once; later calls reuse it.
 * @returns {Promise<{entry: string, version: string}>}
 */
export async function ensureCodeServer() {
  checkSystemTools();
  if (existsSync(MARKER) && existsSync(ENTRY)) {
    return { entry: ENTRY, version: CODE_SERVER_VERSION };
  }
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CACHE_DIR} (once, about 1.5 minutes)`);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Its own package.json, so npm treats the cache folder as the project root instead of walking
  // up to the extension's package.json.
  writeFileSync(
    join(CACHE_DIR, 'package.json'),
    JSON.stringify({ name: 'unroll-test-code-server', private: true, description: 'test cache, not shipped' }, null, 2),
  );

  // 1. The package without its scripts: its postinstall is what fails here.
  run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], CACHE_DIR);

  // 2. VS Code's own dependencies, then their native builds.
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], VSCODE_DIR);
  // @vscode/ripgrep's postinstall downloads `rg` unless bin/ already exists: give it Debian's.
  const ripgrepBin = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(ripgrepBin, { recursive: true });
  linkFresh(REQUIRED_TOOLS.ripgrep, join(ripgrepBin, 'rg'));
  // node-pty's install step runs `npx node-gyp`, which this machine's npm config (yes=false) refuses.
  run('npm', ['rebuild'], VSCODE_DIR, { npm_config_yes: 'true' });
  linkFresh('node_modules', join(VSCODE_DIR, 'node_modules.asar'));

  // 3. code-server's own native module (password hashing; loaded even with --auth none).
  run('npm', ['rebuild', 'argon2'], CACHE_DIR);

  if (!existsSync(ENTRY)) throw new Error(`code-server installed, but ${ENTRY} is missing`);
  writeFileSync(MARKER, `code-server@${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { entry: ENTRY, version: CODE_SERVER_VERSION };
}

/** A port that was free a moment ago on loopback. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}`);
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts code-server on loopback with a fresh user-data-dir (and extensions-dir unless given).
 * `env` is added to the server's environment, which its extension hosts inherit.
 * @param {{workspace: string, port?: number, extensionsDir?: string, extraArgs?: string[], name?: string, workspaceTrust?: boolean,
 *          env?: Record<string, string>, timeoutMs?: number}} options
 * @returns {Promise<{url: string, port: number, process: import('node:child_process').ChildProcess,
 *          userDataDir: string, extensionsDir: string, logFile: string, stop(): Promise<void>}>}
 */
export async function startCodeServer({ workspace, port, extensionsDir, extraArgs = [], name = 'code-server', env = {}, timeoutMs = 60_000, workspaceTrust = false }) {
  const { entry } = await ensureCodeServer();
  port ??= await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'unroll-code-server-'));
  const userDataDir = join(scratch, 'user-data');
  extensionsDir ??= join(scratch, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Quiet, deterministic workbench: no welcome page, no tips, no trust prompt, no auto-save surprises.
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': workspaceTrust,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'files.autoSave': 'off',
        'window.restoreWindows': 'none',
      },
      null,
      2,
    ),
  );

  mkdirSync(OUTPUT_DIR, { recursive: true });
  const logFile = join(OUTPUT_DIR, `${name}.log`);
  const logStream = createWriteStream(logFile);
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Trust is off unless a test is about it (Restricted Mode): a trust prompt would stand in every other test's way.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...extraArgs,
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() also ends the extension host and the other children.
    detached: true,
  });
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The extension host may outlive the server for a moment; end what is left of the group.
    killGroup(child.pid, 'SIGKILL');
    logStream.end();
    rmSync(scratch, { recursive: true, force: true });
  };
  // Never leave a server behind, however the runner ends.
  const onExit = () => killGroup(child.pid, 'SIGKILL');
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(`${url}healthz`, child, logFile, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, userDataDir, extensionsDir, logFile, stop };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Installs a packaged extension into an extensions dir with code-server's own installer.
 * @param {{vsix: string, extensionsDir: string}} options
 */
export async function installVsix({ vsix, extensionsDir }) {
  const { entry } = await ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'unroll-install-'));
  try {
    run(process.execPath, [entry, '--user-data-dir', scratch, '--extensions-dir', extensionsDir, '--install-extension', vsix], PROJECT_ROOT);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The VS Code version code-server ships, read from its product.json (for logs). */
export function vscodeVersion() {
  try {
    return JSON.parse(readFileSync(join(VSCODE_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

// `node scripts/lib/code-server.mjs` installs it on its own (useful before a first test run).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCodeServer().then(
    ({ entry }) => console.log(`[code-server] ready: ${entry} (VS Code ${vscodeVersion()})`),
    (error) => {
      console.error(`[code-server] ${error.message}`);
      process.exit(1);
    },
  );
}
