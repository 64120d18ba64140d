// `npm run bench:spec`: how long checking a spec takes for the worst shapes we can think of, within the limits
// (a document of at most 2,000,000 characters). The target is under a second each: the editor checks the spec
// after every edit, and a spec from anywhere (a cloned repository, a typo) must not freeze it.
// Prints one row per shape: its size, the problems reported, the median wall time of a few runs, and the CPU time
// the process used (all its threads, the garbage collector's too), which a busy shared machine distorts less.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseSpec } from '../src/spec/index';
import { textFiles } from '../src/spec/files';
import type { ParseOptions } from '../src/spec/types';
import { SHAPES } from './specShapes';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (flags.help) {
  process.stdout.write(`Usage: npm run bench:spec -- [--runs N] [--only TEXT] [--json]
  --runs N     timed runs per shape, the median is printed (default 3)
  --only TEXT  only the shapes whose name contains TEXT
  --json       machine-readable results on stdout
`);
  process.exit(0);
}

const runs = Math.max(1, Number(flags.runs) || 3);
const options: ParseOptions = { readFile: textFiles({ 'prices.csv': 'close\n1\n2\n3\n' }) };
const rows: { shape: string; chars: number; problems: number; medianMs: number; maxMs: number; cpuMs: number }[] = [];

// Warm the parser, the schema validator and math.js once, so the first shape is not charged for their start-up.
parseSpec(SHAPES[0].text(), options);

for (const shape of SHAPES.filter((s) => !flags.only || s.name.includes(flags.only))) {
  const text = shape.text();
  const times: number[] = [];
  const cpu: number[] = [];
  let problems = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    problems = parseSpec(text, options).problems.length;
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const row = { shape: shape.name, chars: text.length, problems, medianMs: median(times), maxMs: Math.max(...times), cpuMs: median(cpu) };
  rows.push(row);
  if (!flags.json) {
    process.stdout.write(
      `${row.shape.padEnd(54)} ${row.chars.toLocaleString('en-US').padStart(10)} chars ${String(row.problems).padStart(4)} problems ${row.medianMs.toFixed(0).padStart(6)} ms (max ${row.maxMs.toFixed(0)}, cpu ${row.cpuMs.toFixed(0)})\n`,
    );
  }
}
if (flags.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else {
  const worst = rows.reduce((a, b) => (b.medianMs > a.medianMs ? b : a), rows[0]);
  process.stdout.write(`\nworst: ${worst?.shape} at ${worst?.medianMs.toFixed(0)} ms (median of ${runs}; figures on a shared machine are noisy; load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`);
}
