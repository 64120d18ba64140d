// The machine's float64 peak on one core, measured, not looked up: what "fraction of peak" divides by. Both loops
// are timed in CPU time, so other work on a shared machine does not lower the peak (it still slows the rows).
//   hardware:    bench/peak.c, built here with the machine's C compiler (-O2 -march=native): fused multiply-adds on
//                registers only, 256-bit and (where the compiler targets it) 512-bit vectors; the faster counts.
//   WebAssembly: bench/peak.wat, the same kind of loop in f64x2 multiplies and adds (WebAssembly SIMD has no fused
//                multiply-add): the ceiling for any kernel of ours, which is WebAssembly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webAssembly } from '../src/engine/kernels/webassembly';
import peakModule from './peak.wat';

export interface Peak {
  hardware: { gflops: number; how: string } | { missing: string };
  webAssembly: { gflops: number; how: string; tile: { gflops: number; how: string } };
}

const COMPILERS = ['cc', 'gcc', 'clang'];

export function measurePeak(): Peak {
  return { hardware: hardwarePeak(), webAssembly: webAssemblyPeak() };
}

function sourcePath(): string {
  const beside = join(__dirname, 'peak.c');
  return existsSync(beside) ? beside : join(__dirname, '..', 'bench', 'peak.c');
}

function hardwarePeak(): Peak['hardware'] {
  const compiler = COMPILERS.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
  if (!compiler) return { missing: `no C compiler (tried ${COMPILERS.join(', ')})` };
  const dir = mkdtempSync(join(tmpdir(), 'unroll-peak-'));
  try {
    const binary = join(dir, 'peak');
    const build = spawnSync(compiler, ['-O2', '-march=native', '-o', binary, sourcePath()], { encoding: 'utf8' });
    if (build.status !== 0) return { missing: `${compiler} could not build bench/peak.c: ${build.stderr.trim().split('\n')[0]}` };
    const output = spawnSync(binary, [], { encoding: 'utf8' }).stdout;
    const widths = output.trim().split('\n').map((line) => line.split(' ').map(Number));
    const [bits, gflops] = widths.reduce((best, w) => (w[1] > best[1] ? w : best));
    const version = spawnSync(compiler, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
    return { gflops, how: `${version}, -O2 -march=native: ${bits}-bit fused multiply-adds, 12 accumulators, registers only, best of 5 (CPU time)` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface PeakExports {
  peak(steps: number): number;
  tile(w: number, x: number, cols: number, reps: number): number;
}

// process CPU time, as bench/peak.c measures its thread's: the peak is what the core does while it runs a loop
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function webAssemblyPeak(): Peak['webAssembly'] {
  const wasm = webAssembly()!;
  const bytes = Uint8Array.from(Buffer.from(peakModule, 'base64'));
  const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as PeakExports;
  const { peak } = exports;
  const steps = 20_000_000;
  peak(1000); // compiled
  let best = 0;
  for (let run = 0; run < 5; run++) {
    const started = cpuMs();
    peak(steps);
    best = Math.max(best, (steps * 12 * 2 * 2) / (cpuMs() - started) / 1e6);
  }
  return {
    gflops: best,
    how: 'bench/peak.wat: 6 chains of f64x2.mul and 6 of f64x2.add on registers, best of 5 (CPU time)',
    tile: tileCeiling(exports),
  };
}

// The engine's register tile alone (bench/peak.wat's `tile`, the inner loop of f64.wat's mul_rows), on a panel of
// 4 rows × COLS columns and 4 vectors in the L1 cache: what a product can reach here before any cache miss, row
// map or call, with the loads a product cannot do without. Wider tiles would need more vector registers than
// V8 gives WebAssembly (fifteen) and spill.
function tileCeiling(exports: PeakExports): Peak['webAssembly']['tile'] {
  const COLS = 128;
  const reps = 400_000;
  const x = 32 * COLS; // the panel's bytes, then the vectors'
  exports.tile(0, x, COLS, reps / 4); // compiled, and tiered up to the optimising compiler
  let best = 0;
  for (let run = 0; run < 5; run++) {
    const started = cpuMs();
    exports.tile(0, x, COLS, reps);
    best = Math.max(best, (reps * COLS * 16 * 2) / (cpuMs() - started) / 1e6);
  }
  return { gflops: best, how: `bench/peak.wat's tile: the 4 × 4 register tile of f64.wat's mul_rows with its loads, ${COLS} columns in the L1 cache, best of 5 (CPU time)` };
}
