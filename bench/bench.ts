// `npm run bench`: forward + full BPTT of the rnn (tanh) and lstm cells against tfjs (CPU) and the JavaScript peak.
// Every row times our engine, tfjs and a plain mat-vec loop on the same problem, in the same process.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { run } from '../src/engine/index';
import type { RunOptions, RunResult, WeightValue } from '../src/engine/types';
import { benchCharRnn, CHAR_RNN, charRnnReport, type CharRnnResult } from './charRnn';
import { flops, FLOP_FORMULA, multiplyAdds } from './flops';
import { peakKernel, type PeakVariant } from './peak';
import { GATES, makeProblem, toEngineSpec, type BenchCell, type Problem, type Size } from './problem';
import { fixed, LOSS_AGREEMENT, markdownTable, TARGET_PEAK_FRACTION, verdicts, type Row } from './report';
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

/** What the timing measures: forward + BPTT, without the step-Jacobian norms and per-step contributions the views use. */
const TIMED_OPTIONS: RunOptions = { jacobian: false, contributions: 'none' };

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    'no-tfjs': { type: 'boolean' },
    'tfjs-max-seconds': { type: 'string', default: '60' },
    budget: { type: 'string', default: '2' },
    'char-rnn': { type: 'boolean' },
    'no-char-rnn': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (flags.help) {
  process.stdout.write(`Usage: node dist/bench.js [--json] [--quick] [--no-tfjs] [--tfjs-max-seconds S] [--budget S]
  --json                machine-readable results on stdout (progress stays on stderr)
  --quick               only the two small sizes
  --no-tfjs             skip the tfjs comparison
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

// A run of 5 s or more: the code is already warm from the smaller sizes, so its first run counts.
const OURS: TimingPolicy = { budgetMs, maxRuns: 50, warmupMs: 500, longRunMs: 5000 };
const PEAK: TimingPolicy = { budgetMs, maxRuns: 50, warmupMs: 300, longRunMs: 5000 };
// tfjs at the large sizes takes seconds to minutes per run: at most 3 measured runs.
const TFJS: TimingPolicy = { budgetMs, maxRuns: 20, warmupMs: 500, longRunMs: 5000 };
const TFJS_LONG_RUNS = 3;
const WARMUP_MS = 2000;
const PEAK_VARIANTS: PeakVariant[] = ['1 accumulator', '4 accumulators'];

async function main(): Promise<void> {
  const backend = flags['no-tfjs'] ? 'none' : await initTfjs();
  if (flags['char-rnn']) {
    const charRnn = runCharRnn();
    process.stdout.write(flags.json ? JSON.stringify({ charRnn }, null, 2) + '\n' : charRnnReport(charRnn));
    return;
  }
  // Other processes on the machine slow every contender alike, but make the absolute numbers noisy: say how busy it was.
  const loadBefore = loadavg()[0];
  const sizes = flags.quick ? SIZES.slice(0, SMALL_SIZES) : SIZES;
  warmUp();
  const rows: Row[] = [];
  const started = Date.now();
  for (const cell of CELLS) {
    for (const batch of BATCHES) {
      let previousTfjs: { ms: number; flop: number; steps: number } | undefined;
      for (const [index, size] of sizes.entries()) {
        const row = benchRow(cell, size, batch, index < SMALL_SIZES ? 'small' : 'large', previousTfjs);
        if (!('skipped' in row.tfjs)) previousTfjs = { ms: row.tfjs.ms, flop: row.flop, steps: size.steps };
        rows.push(row);
        log(progressLine(rows.length, CELLS.length * BATCHES.length * sizes.length, row));
      }
    }
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
    tfjs: flags['no-tfjs'] ? 'not run' : `tfjs-core ${TFJS_VERSION}, backend '${backend}' (tfjs-backend-cpu: plain JavaScript, float32)`,
  };
  if (flags.json) {
    process.stdout.write(JSON.stringify({ environment, flopFormula: FLOP_FORMULA, timedOptions: TIMED_OPTIONS, rows, defaults, charRnn, seconds }, null, 2) + '\n');
    return;
  }
  process.stdout.write(report(rows, environment, defaults, seconds) + (charRnn ? '\n' + charRnnReport(charRnn) : ''));
}

/** The char-rnn row: one epoch (a tenth of the text with --quick). */
function runCharRnn(): CharRnnResult {
  const setup = flags.quick ? { ...CHAR_RNN, characters: CHAR_RNN.characters / 10 } : CHAR_RNN;
  log(`char-rnn: one epoch over ${setup.characters.toLocaleString('en-US')} characters…`);
  const result = benchCharRnn(setup, { tfjs: !flags['no-tfjs'], tfjsMaxSeconds: tfjsMaxMs / 1000, naiveMinibatches: 8 });
  log(`char-rnn: ours ${Math.round(result.ours.charsPerSecond)} characters/s`);
  return result;
}

/** JIT warm-up of both contenders on every cell before anything is timed, so the first rows are not penalised. */
function warmUp(): void {
  const until = performance.now() + WARMUP_MS;
  for (const cell of CELLS) {
    const problem = makeProblem(cell, SIZES[1], 2, 99);
    const spec = toEngineSpec(problem);
    const model = flags['no-tfjs'] ? undefined : tfjsModel(problem);
    do {
      run(spec, TIMED_OPTIONS);
      model?.step();
    } while (performance.now() < until - (cell === CELLS[0] ? WARMUP_MS / 2 : 0));
    model?.dispose();
  }
}

function benchRow(
  cell: BenchCell,
  size: Size,
  batch: number,
  scale: 'small' | 'large',
  previousTfjs: { ms: number; flop: number; steps: number } | undefined,
): Row {
  const problem = makeProblem(cell, size, batch);
  const spec = toEngineSpec(problem);
  const flop = flops(cell, size.input, size.hidden, size.steps, batch, problem.output);

  let result: RunResult | undefined;
  const oursTiming = measure(() => {
    result = run(spec, TIMED_OPTIONS);
  }, OURS);
  const ours = { ms: oursTiming.medianMs, runs: oursTiming.runsMs.length, gflops: flop / oursTiming.medianMs / 1e6, loss: result!.loss };

  const tfjs = flags['no-tfjs'] ? { skipped: 'not run (--no-tfjs)' } : benchTfjs(problem, flop, { result: result!, ms: ours.ms }, previousTfjs);

  const peak = benchPeak(cell, size, batch, problem.output, ours.gflops);
  const partial = { cell, size, batch, scale, flop, ours, tfjs, peak };
  return { ...partial, verdict: verdicts(partial) };
}

/** The faster of the two plain mat-vec loops, with as many multiply-adds as this row and the recurrence's matrix shape. */
function benchPeak(cell: BenchCell, size: Size, batch: number, output: number, oursGflops: number): Row['peak'] {
  let best: Row['peak'] | undefined;
  for (const variant of PEAK_VARIANTS) {
    const kernel = peakKernel(GATES[cell] * size.hidden, size.input + size.hidden, variant);
    const repeats = Math.ceil(multiplyAdds(cell, size.input, size.hidden, size.steps, batch, output) / kernel.macsPerRepeat);
    let checksum = 0;
    const timing = measure(() => {
      checksum += kernel.run(repeats);
    }, PEAK);
    if (Number.isNaN(checksum)) log('warning: the peak loop produced NaN (its timing is still valid)');
    const gflops = (2 * repeats * kernel.macsPerRepeat) / timing.medianMs / 1e6;
    if (!best || gflops > best.gflops) best = { ms: timing.medianMs, gflops, fraction: oursGflops / gflops, variant };
  }
  return best!;
}

function benchTfjs(
  problem: Problem,
  flop: number,
  ours: { result: RunResult; ms: number },
  previous: { ms: number; flop: number; steps: number } | undefined,
): Row['tfjs'] {
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
    const ms = median(runs);
    const lossRelDiff = Math.abs(last!.loss - ours.result.loss) / Math.max(Math.abs(ours.result.loss), Number.MIN_VALUE);
    const gradRelDiff = relativeGradDifference(ours.result.grads, tfjsGradsAsPyTorch(problem, last!.grads));
    return { ms, runs: runs.length, gflops: flop / ms / 1e6, loss: last!.loss, lossRelDiff, gradRelDiff, ratio: ms / ours.ms };
  } finally {
    model.dispose();
  }
}

/** ‖g_ours − g_tfjs‖ / ‖g_ours‖ over every parameter. */
function relativeGradDifference(ours: Record<string, WeightValue>, theirs: Record<string, number[]>): number {
  let difference = 0;
  let norm = 0;
  for (const [name, value] of Object.entries(theirs)) {
    const mine = (ours[name] as (number | number[])[]).flat();
    value.forEach((v, i) => {
      difference += (mine[i] - v) ** 2;
      norm += mine[i] ** 2;
    });
  }
  return Math.sqrt(difference / norm);
}

/** One line with the engine's default options (step-Jacobian norms and contribution norms on), for comparison. */
function defaultOptionsLine(size: Size) {
  const cell: BenchCell = 'lstm';
  const spec = toEngineSpec(makeProblem(cell, size, 1));
  const timed = measure(() => run(spec, TIMED_OPTIONS), OURS).medianMs;
  const defaults = measure(() => run(spec), OURS).medianMs;
  return { cell, size, batch: 1, timedMs: timed, defaultMs: defaults, slowdown: defaults / timed };
}

function progressLine(done: number, total: number, row: Row): string {
  const t = row.tfjs;
  const tfjs = 'skipped' in t ? `tfjs ${t.skipped}` : `tfjs ${fixed(t.ms)} ms (${fixed(t.ratio, 2)}×, loss rel. diff ${t.lossRelDiff.toExponential(1)})`;
  return (
    `[${done}/${total}] ${row.cell} ${row.size.input}×${row.size.hidden}×${row.size.steps} B=${row.batch}: ` +
    `ours ${fixed(row.ours.ms)} ms, ${tfjs}, peak ${fixed(row.peak.gflops)} GFLOP/s`
  );
}

function report(rows: Row[], environment: Record<string, string | number>, defaults: ReturnType<typeof defaultOptionsLine>, seconds: number): string {
  const count = (key: 'tfjs' | 'peak', verdict: string) => rows.filter((r) => r.verdict[key] === verdict).length;
  const disagreements = rows.filter((r) => !('skipped' in r.tfjs) && r.tfjs.lossRelDiff > LOSS_AGREEMENT);
  const maxGradDiff = Math.max(0, ...rows.map((r) => ('skipped' in r.tfjs ? 0 : r.tfjs.gradRelDiff)));
  const d = defaults;
  return [
    '# Unroll benchmark: forward + full BPTT, mse on the last step',
    '',
    `Machine: ${environment.cpu}, ${environment.cores} cores; Node ${environment.node} (V8 ${environment.v8}); ${environment.tfjs}.`,
    `Load: ${environment.load}.`,
    '',
    markdownTable(rows),
    'Columns: I×H×T = input, hidden, steps; B = sequences (batch); ms = median wall time of one forward + backward pass.',
    '',
    `- ${FLOP_FORMULA}.`,
    `- ours: src/engine run() in float64 with { jacobian: false, contributions: 'none' } (the step-Jacobian norms and`,
    '  per-step contributions that the views draw are off); the time includes building the result arrays.',
    `- tfjs: the same weights and inputs in float32 (tfjs has no float64), unrolled with tf ops per step and`,
    '  differentiated with tf.variableGrads; the batch is one matrix per step (mat-mat products). At most',
    `  ${TFJS_LONG_RUNS} runs when a run takes over ${TFJS.longRunMs / 1000} s; skipped when one run is estimated over ${tfjsMaxMs / 1000} s.`,
    `- loss rel. diff = |loss_tfjs − loss_ours| / |loss_ours| (agreement wanted ≤ ${LOSS_AGREEMENT}): ` +
      (disagreements.length ? `${disagreements.length} row(s) DISAGREE` : 'all rows agree') +
      `; gradients agree to ${maxGradDiff.toExponential(1)} relative (‖Δg‖/‖g‖, worst row).`,
    '- JS peak: a plain Float64Array matrix–vector loop y = W·x with the forward recurrence\'s matrix (G·H × (I+H)),',
    '  repeated to do as many multiply-adds as the row; the faster of a 1-accumulator and a 4-accumulator inner loop',
    '  (peak loop per row in --json). ours ÷ peak = our GFLOP/s over its GFLOP/s.',
    `- Targets: ahead of tfjs at every size, ≥10× at the small sizes (1×1×50, 8×32×100); within 2× of the JS peak`,
    `  (≥ ${TARGET_PEAK_FRACTION * 100}%) at the large sizes. tfjs: ${count('tfjs', 'PASS')} PASS, ${count('tfjs', 'MISS')} MISS, ${count('tfjs', 'n/a')} n/a; ` +
      `peak: ${count('peak', 'PASS')} PASS, ${count('peak', 'MISS')} MISS.`,
    `- Timing: warm-up (≥ ${OURS.warmupMs} ms), then the median of as many runs as fit in ${budgetMs / 1000} s (at most 50); a run`,
    `  of ≥ ${OURS.longRunMs / 1000} s is timed once warm (smaller sizes ran the same code first) and counts as a measured run.`,
    '',
    `Default options (step-Jacobian norms + contribution norms on), lstm ${d.size.input}×${d.size.hidden}×${d.size.steps} B=1: ` +
      `${fixed(d.defaultMs)} ms vs ${fixed(d.timedMs)} ms timed above (${fixed(d.slowdown, 2)}×).`,
    '',
    `Total bench time: ${seconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
