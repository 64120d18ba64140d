// An Io that keeps what a command writes, so the CLI runs in-process (fast enough to call thousands of times).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Io } from '../../../src/cli/io';

export interface MemoryIo extends Io {
  stdout(): string;
  stderr(): string;
}

export function memoryIo(): MemoryIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    errIsTTY: false,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

type Main = (argv: string[], io: Io) => Promise<number>;
let bundled: Main | undefined;

/**
 * src/cli/main.ts's `main`, bundled as the CLI is (esbuild, CommonJS) and loaded into this process: `main` loads
 * each command with import(), which mocha's tsx/cjs hook does not follow, and the bundle is what users run.
 */
export async function loadMain(): Promise<Main> {
  if (bundled) return bundled;
  const dir = mkdtempSync(join(tmpdir(), 'unroll-main-'));
  const outfile = join(dir, 'main.cjs');
  const { watPlugin } = await import('../../../scripts/wat.mjs');
  await esbuild.build({
    entryPoints: [join(__dirname, '../../../src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    // as esbuild.mjs: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow
    mainFields: ['module', 'main'],
    plugins: [watPlugin],
  });
  bundled = (require(outfile) as { main: Main }).main;
  rmSync(dir, { recursive: true, force: true });
  return bundled;
}
