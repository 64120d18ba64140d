// The PyTorch contender: bench/pytorch.py in a long-lived Python process, fed the same problem as our engine.
// A Python with torch is looked for as `python3`, then `/usr/bin/python3` (Debian's python3-torch lives there when
// another python3 comes first on PATH); without one, the bench runs without the column and says why.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Problem } from './problem';

const CANDIDATES = ['python3', '/usr/bin/python3'];

export interface TorchInfo {
  python: string;
  torch: string;
  blas: { libraries: string[]; openblas?: string; core?: string };
}

export interface TorchTiming {
  runsMs: number[];
  loss: number;
  grads?: Record<string, Float64Array>;
}

export interface TorchContender {
  info: TorchInfo;
  load(problem: Problem, dtype: 'float64' | 'float32'): Promise<void>;
  time(options: { budgetMs: number; maxRuns: number; warmupMs: number; threads: number; grads?: boolean }): Promise<TorchTiming>;
  close(): void;
}

/** The first candidate that imports torch, or why none did. */
export function findTorchPython(): { python: string } | { missing: string } {
  for (const python of CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return { python };
  }
  return { missing: `no Python with torch (tried ${CANDIDATES.join(', ')})` };
}

/** bench/pytorch.py sits next to this file in the sources, and in ../bench from the bundle (dist/bench.js). */
function scriptPath(): string {
  const beside = join(__dirname, 'pytorch.py');
  return existsSync(beside) ? beside : join(__dirname, '..', 'bench', 'pytorch.py');
}

export async function startTorch(python: string): Promise<TorchContender> {
  const child: ChildProcessWithoutNullStreams = spawn(python, [scriptPath()], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  lines.on('line', (line) => waiting.shift()?.(line));
  const request = (message: object): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`pytorch.py exited: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      child.once('exit', onExit);
      waiting.push((line) => {
        child.off('exit', onExit);
        const reply = JSON.parse(line) as Record<string, unknown>;
        if (reply.error) reject(new Error(String(reply.error)));
        else resolve(reply);
      });
      child.stdin.write(JSON.stringify(message) + '\n');
    });
  const info = (await request({ op: 'info' })) as Omit<TorchInfo, 'python'>;
  return {
    info: { ...info, python },
    async load(problem, dtype) {
      const weights = Object.fromEntries(Object.entries(problem.weights).map(([name, value]) => [name, base64((value as (number | number[])[]).flat())]));
      const inputs = base64(problem.inputs.flat(2));
      const targets = base64(problem.targets.flat());
      await request({ op: 'load', cell: problem.cell, size: problem.size, batch: problem.batch, output: problem.output, dtype, weights, inputs, targets });
    },
    async time(options) {
      const reply = (await request({ op: 'time', ...options })) as { runsMs: number[]; loss: number; grads?: Record<string, string> };
      const grads = reply.grads ? Object.fromEntries(Object.entries(reply.grads).map(([name, text]) => [name, fromBase64(text)])) : undefined;
      return { runsMs: reply.runsMs, loss: reply.loss, grads };
    },
    close() {
      child.stdin.end();
    },
  };
}

function base64(values: number[]): string {
  return Buffer.from(Float64Array.from(values).buffer).toString('base64');
}

function fromBase64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** One line for the report: torch's version and what its matrix products run on. */
export function describeTorch(info: TorchInfo): string {
  const library = info.blas.libraries.find((path) => /openblas|mkl/i.test(path)) ?? info.blas.libraries[0] ?? 'unknown BLAS';
  const openblas = info.blas.openblas ? ` (${info.blas.openblas.replace(/\s+/g, ' ')}, kernel ${info.blas.core})` : '';
  return `PyTorch ${info.torch} (${info.python}) on ${library}${openblas}`;
}
