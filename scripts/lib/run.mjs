// Small pieces the test runners share: timed steps, the build, child commands, the summary line.
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from './code-server.mjs';

/** Runs `fn`, logging how long it took. */
export async function step(name, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`[time] ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Runs a command with inherited stdio (or captured too, when `capture`), resolving to its exit code
 * and output. Never rejects on a non-zero exit.
 * @returns {Promise<{code: number, output: string}>}
 */
export function runCommand(command, args, { cwd = PROJECT_ROOT, env = {}, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let output = '';
    if (capture) {
      const tee = (stream, sink) =>
        stream.on('data', (chunk) => {
          output += chunk;
          sink.write(chunk);
        });
      tee(child.stdout, process.stdout);
      tee(child.stderr, process.stderr);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** `node esbuild.mjs`: the extension, the webview and the integration suite bundle. */
export async function buildExtension() {
  const { code } = await runCommand(process.execPath, ['esbuild.mjs']);
  if (code !== 0) throw new Error(`build failed (node esbuild.mjs exited with ${code})`);
}

/** The plain closing line CI reads: "N passed, N failed" alone on its line (", N skipped" may follow). */
export function printSummary({ passed, failed, skipped = 0 }) {
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

/** The last "N passed, N failed[, N skipped]" line of some output (mocha's "passing/failing" too). */
export function parseSummary(output) {
  const plain = [...output.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]), skipped: Number(plain[3] ?? 0) };
  const passing = [...output.matchAll(/^\s*(\d+) passing\b/gm)].pop();
  if (!passing) return undefined;
  const failing = [...output.matchAll(/^\s*(\d+) failing\b/gm)].pop();
  const pending = [...output.matchAll(/^\s*(\d+) pending\b/gm)].pop();
  return { passed: Number(passing[1]), failed: Number(failing?.[1] ?? 0), skipped: Number(pending?.[1] ?? 0) };
}

/**
 * Mocha's failure report ("N failing", then each failure's title and message) cut from a layer's output,
 * without colours and stack frames, at most `maxLines` lines: the end of a CI log then says what failed.
 */
export function failureDigest(output, maxLines = 40) {
  // eslint-disable-next-line no-control-regex -- the escape character is what an ANSI colour code starts with
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const start = [...plain.matchAll(/^\s*\d+ failing\b.*$/gm)].pop();
  if (!start) return [];
  const lines = [];
  for (const line of plain.slice(start.index).split('\n').slice(1)) {
    if (/^\[(time|e2e|integration)\]|^\d+ passed, \d+ failed/.test(line)) break;
    if (/^\s+at /.test(line) || line.trim() === '') continue;
    lines.push(line.replace(/\s+$/, ''));
  }
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `  … ${lines.length - maxLines} more lines above`] : lines;
}
