// `npm run bench`: forward + full BPTT of the rnn (tanh) and lstm cells, ours against PyTorch (when a Python with
// torch is found) and tfjs (CPU), measured in the same process run, contenders alternating within each row.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { run } from '../src/engine/index';
import type { RunOptions, WeightValue } from '../src/engine/types';
import { benchCharRnn, CHAR_RNN, charRnnReport, type CharRnnResult } from './charRnn';
import { flops, FLOP_FORMULA } from './flops';
import { oursContender } from './ours';
import { measurePeak, type Peak } from './peak';
import { makeProblem, toEngineSpec, type BenchCell, type Problem, type Size } from './problem';
import { describeTorch, findTorchPython, startTorch, type TorchContender } from './pytorch';
import { fixed, LOSS_AGREEMENT, markdownTable, TARGET_PEAK_FRACTION, verdicts, type Compared, type Row } from './report';
import { benchPool, float32Row, sideProgress, sideReport, threadsRow, type SideRow } from './sideTables';
import { initTfjs, TFJS_VERSION, tfjsGradsAsPyTorch, tfjsModel } from './tfjs';
import { measure, median, timeOnce, type TimingPolicy } from './timing';

const SIZES: Size[] = [
  { input: 1, hidden: 1, steps: 50 },
  { input: 8, hidden: 32, steps: 100 },
  { input: 32, hidden: 128, steps: 200 },
  { input: 64, hidden: 256, steps: 500 },
];
/** the first two sizes are "small" for the targets */
const SMALL_SIZES = 2;
const CELLS: BenchCell[] = ['rnn', 'lstm'];
const BATCHES = [1, 32];
/** the batch of the float32 and every-core tables: what training with minibatches runs */
const SIDE_BATCH = 32;

/** run() as the `run()` column times it: the views' arrays, without the step-Jacobian and contribution norms. */
const RUN_OPTIONS: RunOptions = { jacobian: false, contributions: 'none' };

const { values: flags } = parseArgs({
  options: {
    'char-rnn': { type: 'boolean' },
    'no-char-rnn': { type: 'boolean' },
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    'no-tfjs': { type: 'boolean' },
    'no-torch': { type: 'boolean' },
    'no-float32': { type: 'boolean' },
    'no-threads': { type: 'boolean' },
    'tfjs-max-seconds': { type: 'string', default: '60' },
    budget: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (flags.help) {
  process.stdout.write(`Usage: node dist/bench.js [--json] [--quick] [--no-tfjs] [--no-torch] [--tfjs-max-seconds S] [--budget S]
  --json                machine-readable results on stdout (progress stays on stderr)
  --quick               only the two small sizes
  --no-tfjs             skip the tfjs comparison
  --no-torch            skip the PyTorch comparison
  --no-float32          skip the float32 table (batched rows, ours vs PyTorch's float32)
  --no-threads          skip the every-core table (batched rows, our worker pool vs PyTorch's threads)
  --tfjs-max-seconds S  skip tfjs for a row whose single run is estimated above S seconds (default 60)
  --budget S            seconds of measured runs per row and contender (default 2)
  --char-rnn            only the char-rnn training row (an epoch of an lstm over 100 KB of text)
  --no-char-rnn         skip the char-rnn training row
`);
  process.exit(0);
}

const budgetMs = 1000 * Number(flags.budget);
const tfjsMaxMs = 1000 * Number(flags['tfjs-max-seconds']);
const log = (text: string) => process.stderr.write(text + '\n');

// Ours and PyTorch alternate: half the budget each, twice, so a change in the machine's load hits both alike.
// The first run never counts, however long (as in bench/pytorch.py): it touches a fresh workspace's memory for
// the first time, which costs the operating system page faults that every later run (a training epoch) is spared.
const HALF: TimingPolicy = { budgetMs: budgetMs / 2, maxRuns: 25, warmupMs: 500, longRunMs: Infinity };
const AGAIN: TimingPolicy = { ...HALF, warmupMs: 0 };
// tfjs at the large sizes takes seconds to minutes per run: at most 3 measured runs.
const TFJS: TimingPolicy = { budgetMs, maxRuns: 20, warmupMs: 500, longRunMs: 5000 };
const TFJS_LONG_RUNS = 3;
const WARMUP_MS = 2000;

async function main(): Promise<void> {
  const backend = flags['no-tfjs'] ? 'none' : await initTfjs();
  if (flags['char-rnn']) {
    const charRnn = runCharRnn();
    process.stdout.write(flags.json ? JSON.stringify({ charRnn }, null, 2) + '\n' : charRnnReport(charRnn));
    return;
  }
  const python = flags['no-torch'] ? { missing: 'not run (--no-torch)' } : findTorchPython();
  const torch = 'python' in python ? await startTorch(python.python) : undefined;
  // Other processes on the machine slow every contender alike, but make the absolute numbers noisy: say how busy it was.
  const loadBefore = loadavg()[0];
  log('measuring the float64 peak of one core…');
  const peak = measurePeak();
  const sizes = flags.quick ? SIZES.slice(0, SMALL_SIZES) : SIZES;
  warmUp();
  const rows: Row[] = [];
  const float32: SideRow[] = [];
  const threads: SideRow[] = [];
  const started = Date.now();
  try {
    for (const cell of CELLS) {
      for (const batch of BATCHES) {
        let previousTfjs: { ms: number; flop: number; steps: number } | undefined;
        for (const [index, size] of sizes.entries()) {
          const row = await benchRow(cell, size, batch, index < SMALL_SIZES ? 'small' : 'large', peak, torch, previousTfjs);
          if (!('skipped' in row.tfjs)) previousTfjs = { ms: row.tfjs.ms, flop: row.flop, steps: size.steps };
          rows.push(row);
          log(progressLine(rows.length, CELLS.length * BATCHES.length * sizes.length, row));
        }
      }
    }
    if (!flags['no-float32']) {
      for (const cell of CELLS) {
        for (const size of sizes) {
          const row = await float32Row(cell, size, SIDE_BATCH, { policy: HALF, torch });
          float32.push(row);
          log(sideProgress('float32', row));
        }
      }
    }
    if (!flags['no-threads']) {
      const pool = benchPool();
      try {
        for (const cell of CELLS) {
          for (const size of sizes) {
            const row = await threadsRow(cell, size, SIDE_BATCH, pool, { policy: HALF, torch });
            threads.push(row);
            log(sideProgress(`${pool.size} threads`, row));
          }
        }
      } finally {
        await pool.close();
      }
    }
  } finally {
    torch?.close();
  }
  const charRnn = flags['no-char-rnn'] ? undefined : runCharRnn();
  // measured cell by cell, batch by batch (each size's tfjs estimate comes from the previous size); shown size by size
  rows.sort((a, b) => CELLS.indexOf(a.cell) - CELLS.indexOf(b.cell) || sizes.indexOf(a.size) - sizes.indexOf(b.size) || a.batch - b.batch);
  const defaults = defaultOptionsLine(sizes[Math.min(2, sizes.length - 1)]);
  const seconds = (Date.now() - started) / 1000;
  const environment = {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    load: `1-min load average ${loadBefore.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (${cpus().length} cores)`,
    torch: torch ? describeTorch(torch.info) : 'missing' in python ? python.missing : 'not run',
    tfjs: flags['no-tfjs'] ? 'not run' : `tfjs-core ${TFJS_VERSION}, backend '${backend}' (tfjs-backend-cpu: plain JavaScript, float32)`,
  };
  if (flags.json) {
    process.stdout.write(JSON.stringify({ environment, peak, flopFormula: FLOP_FORMULA, rows, float32, threads, charRnn, defaults, seconds }, null, 2) + '\n');
    return;
  }
  process.stdout.write(report(rows, environment, peak, defaults, seconds) + sideReport(float32, threads) + (charRnn ? '\n' + charRnnReport(charRnn) : ''));
}

/** The char-rnn row: one epoch (a tenth of the text with --quick). */
function runCharRnn(): CharRnnResult {
  const setup = flags.quick ? { ...CHAR_RNN, characters: CHAR_RNN.characters / 10 } : CHAR_RNN;
  log(`char-rnn: one epoch over ${setup.characters.toLocaleString('en-US')} characters…`);
  const result = benchCharRnn(setup, { tfjs: !flags['no-tfjs'], torch: !flags['no-torch'], tfjsMaxSeconds: tfjsMaxMs / 1000, naiveMinibatches: 8 });
  log(`char-rnn: ours ${Math.round(result.ours.charsPerSecond)} characters/s`);
  return result;
}

/** JIT warm-up of ours and tfjs on every cell before anything is timed, so the first rows are not penalised (and
 *  tfjs's first, slow run does not become the estimate that skips every later tfjs row). */
function warmUp(): void {
  const until = performance.now() + WARMUP_MS;
  for (const cell of CELLS) {
    const problem = makeProblem(cell, SIZES[1], 2, 99);
    const mine = oursContender(problem);
    const spec = toEngineSpec(problem);
    const model = flags['no-tfjs'] ? undefined : tfjsModel(problem);
    do {
      mine.step();
      run(spec, RUN_OPTIONS);
      model?.step();
    } while (performance.now() < until - (cell === CELLS[0] ? WARMUP_MS / 2 : 0));
    model?.dispose();
    mine.release();
  }
}

async function benchRow(
  cell: BenchCell, size: Size, batch: number, scale: 'small' | 'large', peak: Peak, torch: TorchContender | undefined,
  previousTfjs: { ms: number; flop: number; steps: number } | undefined,
): Promise<Row> {
  const problem = makeProblem(cell, size, batch);
  const flop = flops(cell, size.input, size.hidden, size.steps, batch, problem.output);
  const mine = oursContender(problem);
  let loss = NaN;
  const step = () => (loss = mine.step());
  const oursRuns = measure(step, HALF).runsMs;
  let torchResult: Compared = { skipped: 'no Python with torch' };
  if (torch) {
    await torch.load(problem, 'float64');
    const first = await torch.time({ budgetMs: HALF.budgetMs, maxRuns: HALF.maxRuns, warmupMs: HALF.warmupMs, threads: 1, grads: true });
    oursRuns.push(...measure(step, AGAIN).runsMs);
    const second = await torch.time({ budgetMs: HALF.budgetMs, maxRuns: HALF.maxRuns, warmupMs: 0, threads: 1 });
    torchResult = compared([...first.runsMs, ...second.runsMs], first.loss, flop, loss, median(oursRuns), mine.grads(), first.grads ?? {});
  } else {
    oursRuns.push(...measure(step, AGAIN).runsMs);
  }
  const ms = median(oursRuns);
  const gflops = flop / ms / 1e6;
  const peakGflops = 'gflops' in peak.hardware ? peak.hardware.gflops : peak.webAssembly.gflops;
  const ours = { ms, runs: oursRuns.length, gflops, loss, fraction: gflops / peakGflops, ofWebAssembly: gflops / peak.webAssembly.gflops };
  const spec = toEngineSpec(problem);
  const runMs = measure(() => run(spec, RUN_OPTIONS), { ...HALF, maxRuns: 5 }).medianMs;
  const tfjs = flags['no-tfjs'] ? { skipped: 'not run (--no-tfjs)' } : benchTfjs(problem, flop, ours, mine.grads(), previousTfjs);
  mine.release();
  const partial = { cell, size, batch, scale, flop, ours, run: { ms: runMs }, torch: torchResult, tfjs };
  return { ...partial, verdict: verdicts(partial, 'gflops' in peak.hardware) };
}

function compared(
  runsMs: number[], loss: number, flop: number, oursLoss: number, oursMs: number,
  oursGrads: Record<string, WeightValue>, theirs: Record<string, ArrayLike<number>>,
): Compared {
  const ms = median(runsMs);
  const lossRelDiff = Math.abs(loss - oursLoss) / Math.max(Math.abs(oursLoss), Number.MIN_VALUE);
  return { ms, runs: runsMs.length, gflops: flop / ms / 1e6, loss, lossRelDiff, gradRelDiff: relativeGradDifference(oursGrads, theirs), ratio: ms / oursMs };
}

function benchTfjs(
  problem: Problem, flop: number, ours: { ms: number; loss: number }, oursGrads: Record<string, WeightValue>,
  previous: { ms: number; flop: number; steps: number } | undefined,
): Compared {
  if (previous) {
    // An upper bound from the previous size: per-op overhead scales with the steps, arithmetic with the FLOPs.
    const estimate = previous.ms * Math.max(flop / previous.flop, problem.size.steps / previous.steps);
    if (estimate > tfjsMaxMs) return { skipped: `est. ${(estimate / 1000).toFixed(0)} s/run > ${tfjsMaxMs / 1000} s` };
  }
  const model = tfjsModel(problem);
  try {
    let last: ReturnType<typeof model.step> | undefined;
    const step = () => {
      last = model.step();
    };
    const runs: number[] = [];
    const first = timeOnce(step);
    if (first >= TFJS.longRunMs) {
      // slow: the first run counts, then at most TFJS_LONG_RUNS in all, within the budget or the per-run cap
      runs.push(first);
      while (runs.length < TFJS_LONG_RUNS && (runs.length + 1) * first <= Math.max(tfjsMaxMs, budgetMs)) runs.push(timeOnce(step));
    } else {
      runs.push(...measure(step, TFJS).runsMs);
    }
    return compared(runs, last!.loss, flop, ours.loss, ours.ms, oursGrads, tfjsGradsAsPyTorch(problem, last!.grads));
  } finally {
    model.dispose();
  }
}

/** ‖g_ours − g_theirs‖ / ‖g_ours‖ over every parameter. */
function relativeGradDifference(ours: Record<string, WeightValue>, theirs: Record<string, ArrayLike<number>>): number {
  let difference = 0;
  let norm = 0;
  for (const [name, value] of Object.entries(theirs)) {
    const mine = (ours[name] as (number | number[])[]).flat();
    for (let i = 0; i < value.length; i++) {
      difference += (mine[i] - value[i]) ** 2;
      norm += mine[i] ** 2;
    }
  }
  return norm === 0 ? 0 : Math.sqrt(difference / norm);
}

/** One line with the engine's default options (step-Jacobian norms and contribution norms on), for comparison. */
function defaultOptionsLine(size: Size) {
  const cell: BenchCell = 'lstm';
  const spec = toEngineSpec(makeProblem(cell, size, 1));
  const timed = measure(() => run(spec, RUN_OPTIONS), HALF).medianMs;
  const defaults = measure(() => run(spec), HALF).medianMs;
  return { cell, size, batch: 1, timedMs: timed, defaultMs: defaults, slowdown: defaults / timed };
}

function progressLine(done: number, total: number, row: Row): string {
  const other = (name: string, c: Compared) => ('skipped' in c ? `${name} ${c.skipped}` : `${name} ${fixed(c.ms)} ms (${fixed(c.ratio, 2)}×, loss rel. diff ${c.lossRelDiff.toExponential(1)})`);
  return (
    `[${done}/${total}] ${row.cell} ${row.size.input}×${row.size.hidden}×${row.size.steps} B=${row.batch}: ` +
    `ours ${fixed(row.ours.ms)} ms (${fixed(row.ours.gflops)} GFLOP/s), ${other('PyTorch', row.torch)}, ${other('tfjs', row.tfjs)}`
  );
}

function report(rows: Row[], environment: Record<string, string | number>, peak: Peak, defaults: ReturnType<typeof defaultOptionsLine>, seconds: number): string {
  const count = (key: keyof Row['verdict'], verdict: string) => rows.filter((r) => r.verdict[key] === verdict).length;
  const tally = (key: keyof Row['verdict']) => `${count(key, 'PASS')} PASS, ${count(key, 'MISS')} MISS, ${count(key, 'n/a')} n/a`;
  const worst = (key: 'torch' | 'tfjs') => Math.max(0, ...rows.map((r) => ('skipped' in r[key] ? 0 : r[key].gradRelDiff)));
  const disagreements = rows.filter((r) => [r.torch, r.tfjs].some((c) => !('skipped' in c) && c.lossRelDiff > LOSS_AGREEMENT));
  const hardware = 'gflops' in peak.hardware ? `${fixed(peak.hardware.gflops)} GFLOP/s (${peak.hardware.how})` : `unknown: ${peak.hardware.missing}`;
  const tileShare = 'gflops' in peak.hardware ? `${Math.round((100 * peak.webAssembly.tile.gflops) / peak.hardware.gflops)}%` : 'an unknown share';
  const d = defaults;
  return [
    '# Unroll benchmark: forward + full BPTT, float64, mse on the last step',
    '',
    `Machine: ${environment.cpu}, ${environment.cores} cores; Node ${environment.node} (V8 ${environment.v8}).`,
    `PyTorch: ${environment.torch}; one thread (torch.set_num_threads(1)).`,
    `tfjs: ${environment.tfjs}.`,
    `Load: ${environment.load}.`,
    `Float64 peak of one core: ${hardware}; WebAssembly SIMD: ${fixed(peak.webAssembly.gflops)} GFLOP/s (${peak.webAssembly.how}); a product's register tile in WebAssembly: ${fixed(peak.webAssembly.tile.gflops)} GFLOP/s (${peak.webAssembly.tile.how}).`,
    '',
    markdownTable(rows),
    'Columns: I×H×T = input, hidden, steps; B = sequences (batch); ms = median wall time of one forward + backward pass.',
    '',
    `- ${FLOP_FORMULA}.`,
    '- ours: src/engine forwardAll + backwardAll in float64 on one workspace kept across runs (as training keeps it),',
    '  leaving the loss and every gradient; `run()` = a fresh workspace per call plus the nested arrays the views',
    "  read (no step-Jacobian or contribution norms). % of peak: ours GFLOP/s over the hardware peak above" +
      ('gflops' in peak.hardware ? '' : ' (unknown here: over the WebAssembly peak instead)') +
      '; in brackets, over the',
    '  WebAssembly SIMD ceiling (two-lane multiplies and adds, no fused multiply-add: what any kernel of ours can reach).',
    '- PyTorch: nn.RNN / nn.LSTM + nn.Linear in float64 with the same weights and data, loss.backward(); timed in',
    '  Python (time.perf_counter) in a child process, half its budget before and half after ours for each row.',
    '- tfjs: the same weights and inputs in float32 (tfjs has no float64), unrolled with tf ops per step and',
    `  differentiated with tf.variableGrads. At most ${TFJS_LONG_RUNS} runs when a run takes over ${TFJS.longRunMs / 1000} s; skipped when one run is estimated over ${tfjsMaxMs / 1000} s.`,
    `- Agreement: loss rel. diff ≤ ${LOSS_AGREEMENT} wanted: ` + (disagreements.length ? `${disagreements.length} row(s) DISAGREE` : 'all rows agree') +
      `; gradients ‖Δg‖/‖g‖ worst row: PyTorch ${worst('torch').toExponential(1)}, tfjs (float32) ${worst('tfjs').toExponential(1)}.`,
    `- Targets: ahead of PyTorch at every row (${tally('torch')}); ≥ ${TARGET_PEAK_FRACTION * 100}% of the hardware peak on the batched rows`,
    `  with hidden ≥ 128 (${tally('peak')}: a product's register tile alone reaches ${tileShare} of that peak here); ahead of tfjs,`,
    `  ≥10× at the small sizes (${tally('tfjs')}).`,
    `- Timing: warm-up (≥ ${HALF.warmupMs} ms, and at least one run: a fresh workspace's first pass pays page faults), then the`,
    `  median of as many runs as fit in ${budgetMs / 1000} s per contender (at least 2, at most ${2 * HALF.maxRuns}).`,
    '',
    `Default options (step-Jacobian norms + contribution norms on), lstm ${d.size.input}×${d.size.hidden}×${d.size.steps} B=1, run(): ` +
      `${fixed(d.defaultMs)} ms vs ${fixed(d.timedMs)} ms without them (${fixed(d.slowdown, 2)}×).`,
    '',
    `Total bench time: ${seconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
