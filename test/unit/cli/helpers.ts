// Run the real `unroll` binary as a child process: what a user types is what the tests check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = resolve(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/pytorch');

export interface Fixture {
  name: string;
  description: string;
  spec: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: { relative: number; absolute: number };
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture);
}

/** Bundle only src/cli.ts (as esbuild.mjs does) into a temporary folder, so other targets' state cannot break these tests. */
export async function buildCli(): Promise<{ cli: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'unroll-cli-test-'));
  const cli = join(dir, 'cli.js');
  const { watPlugin } = await import('../../../scripts/wat.mjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    logLevel: 'silent',
    banner: { js: '#!/usr/bin/env node' },
    // as esbuild.mjs: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow
    mainFields: ['module', 'main'],
    plugins: [watPlugin],
  });
  return { cli, dir };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(cli: string, args: string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, UNROLL_DEBUG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Write a fixture's spec as a .rnn.json file (the spec format the CLI reads) and return its file name. */
export function writeSpec(dir: string, name: string, spec: unknown): string {
  const file = `${name}.rnn.json`;
  writeFileSync(join(dir, file), JSON.stringify(spec, null, 2));
  return file;
}

/** Every number in `actual` within |a − e| ≤ absolute + relative·|e| of `expected`, same shapes; returns the first mismatch. */
export function firstMismatch(actual: unknown, expected: unknown, tolerance: Fixture['tolerance'], path = '$'): string | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${path}: expected a number, got ${JSON.stringify(actual)}`;
    if (Number.isNaN(expected) && Number.isNaN(actual)) return null;
    if (actual === expected) return null;
    const allowed = tolerance.absolute + tolerance.relative * Math.abs(expected);
    return Math.abs(actual - expected) <= allowed ? null : `${path}: ${actual} ≠ ${expected} (allowed ±${allowed})`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected an array of ${expected.length}, got ${Array.isArray(actual) ? `${actual.length} items` : typeof actual}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m = firstMismatch(actual[i], expected[i], tolerance, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return `${path}: expected an object`;
    for (const key of Object.keys(expected)) {
      const m = firstMismatch((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${path}.${key}`);
      if (m) return m;
    }
    return null;
  }
  return actual === expected ? null : `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`;
}

/** A Node stack frame line, which a user must never see. */
export const STACK_LINE = /^\s+at /m;
