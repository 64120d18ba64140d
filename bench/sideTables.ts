// The bench's two further comparisons with PyTorch, on the batched rows: training precision float32 (ours vs
// PyTorch's float32, both not bit-exact), and every core (our worker pool vs PyTorch with as many threads).
import { cpus } from 'node:os';
import { createParallelGradient } from '../src/engine/parallel';
import { createNodePool, type NodePool } from '../src/pool/nodePool';
import { flops } from './flops';
import { oursContender } from './ours';
import { makeProblem, toEngineSpec, type BenchCell, type Size } from './problem';
import type { TorchContender } from './pytorch';
import { fixed, ms, TARGET_TORCH } from './report';
import { measure, measureAsync, median, type TimingPolicy } from './timing';

export interface SideRow {
  cell: BenchCell;
  size: Size;
  batch: number;
  flop: number;
  ours: { ms: number; gflops: number; loss: number };
  torch: { ms: number; gflops: number; loss: number; ratio: number; lossRelDiff: number } | { skipped: string };
}

export interface SideOptions {
  policy: TimingPolicy;
  torch: TorchContender | undefined;
}

/** ours in float32 against PyTorch in float32, one thread each */
export async function float32Row(cell: BenchCell, size: Size, batch: number, { policy, torch }: SideOptions): Promise<SideRow> {
  const problem = makeProblem(cell, size, batch);
  const mine = oursContender(problem, 'webassembly', 'float32');
  let loss = NaN;
  const step = () => void (loss = mine.step());
  const runs = measure(step, policy).runsMs;
  const theirs = torch ? await torchRuns(torch, problem, 'float32', 1, policy, () => runs.push(...measure(step, { ...policy, warmupMs: 0 }).runsMs)) : undefined;
  if (!theirs) runs.push(...measure(step, { ...policy, warmupMs: 0 }).runsMs);
  return row(cell, size, batch, runs, loss, theirs);
}

/** ours split over a pool of as many workers as cores, against PyTorch with as many threads */
export async function threadsRow(cell: BenchCell, size: Size, batch: number, pool: NodePool, { policy, torch }: SideOptions): Promise<SideRow> {
  const problem = makeProblem(cell, size, batch);
  const spec = toEngineSpec(problem);
  const parallel = await createParallelGradient(spec, pool);
  const params = oursContender(problem).params;
  let loss = NaN;
  const step = async () => void (loss = (await parallel.evaluate(params)).loss);
  const runs = (await measureAsync(step, policy)).runsMs;
  const again = async () => runs.push(...(await measureAsync(step, { ...policy, warmupMs: 0 })).runsMs);
  let theirs: { runsMs: number[]; loss: number } | undefined;
  if (torch) {
    await torch.load(problem, 'float64');
    const first = await torch.time({ budgetMs: policy.budgetMs, maxRuns: policy.maxRuns, warmupMs: policy.warmupMs, threads: pool.size });
    await again();
    const second = await torch.time({ budgetMs: policy.budgetMs, maxRuns: policy.maxRuns, warmupMs: 0, threads: pool.size });
    theirs = { runsMs: [...first.runsMs, ...second.runsMs], loss: first.loss };
  } else {
    await again();
  }
  await parallel.release();
  return row(cell, size, batch, runs, loss, theirs);
}

export function benchPool(): NodePool {
  return createNodePool(cpus().length);
}

async function torchRuns(
  torch: TorchContender, problem: ReturnType<typeof makeProblem>, dtype: 'float64' | 'float32', threads: number, policy: TimingPolicy, oursAgain: () => void,
): Promise<{ runsMs: number[]; loss: number }> {
  await torch.load(problem, dtype);
  const first = await torch.time({ budgetMs: policy.budgetMs, maxRuns: policy.maxRuns, warmupMs: policy.warmupMs, threads });
  oursAgain();
  const second = await torch.time({ budgetMs: policy.budgetMs, maxRuns: policy.maxRuns, warmupMs: 0, threads });
  return { runsMs: [...first.runsMs, ...second.runsMs], loss: first.loss };
}

function row(cell: BenchCell, size: Size, batch: number, runs: number[], loss: number, theirs: { runsMs: number[]; loss: number } | undefined): SideRow {
  const flop = flops(cell, size.input, size.hidden, size.steps, batch, 1);
  const oursMs = median(runs);
  const ours = { ms: oursMs, gflops: flop / oursMs / 1e6, loss };
  if (!theirs) return { cell, size, batch, flop, ours, torch: { skipped: 'no Python with torch' } };
  const torchMs = median(theirs.runsMs);
  const lossRelDiff = Math.abs(theirs.loss - loss) / Math.max(Math.abs(loss), Number.MIN_VALUE);
  return { cell, size, batch, flop, ours, torch: { ms: torchMs, gflops: flop / torchMs / 1e6, loss: theirs.loss, ratio: torchMs / oursMs, lossRelDiff } };
}

export function sideTable(rows: SideRow[]): string {
  const header = ['cell', 'I×H×T', 'B', 'MFLOP', 'ours ms', 'ours GFLOP/s', 'PyTorch ms', 'PyTorch GFLOP/s', 'PyTorch ÷ ours', 'loss rel. diff', 'vs PyTorch'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) {
    const t = r.torch;
    const cells = [
      r.cell === 'rnn' ? 'rnn (tanh)' : 'lstm',
      `${r.size.input}×${r.size.hidden}×${r.size.steps}`,
      `${r.batch}`,
      fixed(r.flop / 1e6),
      ms(r.ours.ms),
      fixed(r.ours.gflops, 3),
      'skipped' in t ? `skipped: ${t.skipped}` : ms(t.ms),
      'skipped' in t ? '—' : fixed(t.gflops, 3),
      'skipped' in t ? '—' : `${fixed(t.ratio, 2)}×`,
      'skipped' in t ? '—' : t.lossRelDiff.toExponential(1),
      'skipped' in t ? 'n/a' : t.ratio >= TARGET_TORCH ? `PASS (≥${TARGET_TORCH}×)` : `MISS (≥${TARGET_TORCH}×)`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
