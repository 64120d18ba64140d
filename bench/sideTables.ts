// The bench's two further comparisons with PyTorch, on the batched rows: training precision float32 (ours vs
// PyTorch's float32, both not bit-exact), and every core (our worker pool vs PyTorch with as many threads).
import { cpus } from 'node:os';
import { initialParameters } from '../src/engine/init';
import { createParallelGradient } from '../src/engine/parallel';
import { dimsOf, paramLayout } from '../src/engine/params';
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
  mine.release();
  return row(cell, size, batch, runs, loss, theirs);
}

/** ours split over a pool of as many workers as cores, against PyTorch with as many threads */
export async function threadsRow(cell: BenchCell, size: Size, batch: number, pool: NodePool, { policy, torch }: SideOptions): Promise<SideRow> {
  const problem = makeProblem(cell, size, batch);
  const spec = toEngineSpec(problem);
  const parallel = await createParallelGradient(spec, pool);
  const dims = dimsOf(spec.model);
  const params = initialParameters(spec.model, dims, paramLayout(dims)); // the problem's weights, flat
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

export function sideProgress(what: string, row: SideRow): string {
  const t = row.torch;
  const theirs = 'skipped' in t ? `PyTorch ${t.skipped}` : `PyTorch ${fixed(t.ms)} ms (${fixed(t.ratio, 2)}×, loss rel. diff ${t.lossRelDiff.toExponential(1)})`;
  return `[${what}] ${row.cell} ${row.size.input}×${row.size.hidden}×${row.size.steps} B=${row.batch}: ours ${fixed(row.ours.ms)} ms, ${theirs}`;
}

export function sideReport(float32: SideRow[], threads: SideRow[]): string {
  const passes = (rows: SideRow[]) => `${rows.filter((r) => !('skipped' in r.torch) && r.torch.ratio >= 1).length} of ${rows.length} rows ahead`;
  const parts: string[] = [];
  if (float32.length) {
    parts.push(
      '## float32 (training.precision "float32"), one thread',
      '',
      sideTable(float32),
      '- ours: float32 activations, gradients and products (f32x4 kernels), float64 parameters; PyTorch: the same',
      '  model .to(torch.float32). Neither is bit-exact, so the losses agree to float32 rounding, not 1e-15.',
      `- ${passes(float32)} of PyTorch's float32.`,
      '',
    );
  }
  if (threads.length) {
    parts.push(
      `## Every core: ${cpus().length} threads, float64`,
      '',
      sideTable(threads),
      `- ours: createParallelGradient over a pool of ${cpus().length} worker_threads (src/pool/nodePool.ts), the sequences split by`,
      '  steps, each worker keeping its workspace; a run sends the parameters to every worker and adds their losses',
      `  and gradients. PyTorch: torch.set_num_threads(${cpus().length}). On a machine shared with other work these figures are the`,
      '  noisiest of the report: every contender competes with the other load for the same cores.',
      `- ${passes(threads)} of PyTorch with as many threads.`,
      '',
    );
  }
  return parts.length ? '\n' + parts.join('\n') : '';
}
