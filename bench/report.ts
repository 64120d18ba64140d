// Turning measured rows into the markdown table, the PASS/MISS verdicts and the notes that say what was measured.
import type { BenchCell, Size } from './problem';

export interface Timed {
  ms: number;
  runs: number;
  gflops: number;
  loss: number;
}

export type Compared = (Timed & { ratio: number; lossRelDiff: number; gradRelDiff: number }) | { skipped: string };

export interface Row {
  cell: BenchCell;
  size: Size;
  batch: number;
  /** small = (1,1,50), (8,32,100): target ≥10× tfjs; large = the rest */
  scale: 'small' | 'large';
  flop: number;
  /** forward + BPTT on a reused workspace; fraction: of the hardware's float64 peak (or of WebAssembly's, if
   *  unknown); ofWebAssembly: of the WebAssembly SIMD ceiling */
  ours: Timed & { fraction: number; ofWebAssembly: number };
  /** run(): a fresh workspace, forward + BPTT and the views' nested arrays (no step-Jacobian or contribution norms) */
  run: { ms: number };
  torch: Compared;
  tfjs: Compared;
  verdict: { torch: Verdict; peak: Verdict; tfjs: Verdict };
}

export type Verdict = 'PASS' | 'MISS' | 'n/a';

export const TARGET_TORCH = 1;
export const TARGET_TFJS_SMALL = 10;
export const TARGET_TFJS_LARGE = 1;
/** of the hardware's float64 peak, on the batched rows with hidden ≥ 128 */
export const TARGET_PEAK_FRACTION = 0.25;
export const LOSS_AGREEMENT = 1e-4;

export function verdicts(row: Omit<Row, 'verdict'>, peakKnown: boolean): Row['verdict'] {
  const verdict = (c: Compared, need: number): Verdict => ('skipped' in c ? 'n/a' : c.ratio >= need ? 'PASS' : 'MISS');
  const peakApplies = peakKnown && row.batch > 1 && row.size.hidden >= 128;
  return {
    torch: verdict(row.torch, TARGET_TORCH),
    peak: !peakApplies ? 'n/a' : row.ours.fraction >= TARGET_PEAK_FRACTION ? 'PASS' : 'MISS',
    tfjs: verdict(row.tfjs, row.scale === 'small' ? TARGET_TFJS_SMALL : TARGET_TFJS_LARGE),
  };
}

export function markdownTable(rows: Row[]): string {
  const header = [
    'cell', 'I×H×T', 'B', 'MFLOP', 'ours ms', 'ours GFLOP/s', '% of peak (of wasm)', 'PyTorch ms', 'PyTorch ÷ ours',
    'tfjs ms', 'tfjs ÷ ours', 'run() ms', 'vs PyTorch', 'vs peak', 'vs tfjs',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) {
    const need = r.scale === 'small' ? TARGET_TFJS_SMALL : TARGET_TFJS_LARGE;
    const cells = [
      r.cell === 'rnn' ? 'rnn (tanh)' : 'lstm',
      `${r.size.input}×${r.size.hidden}×${r.size.steps}`,
      `${r.batch}`,
      fixed(r.flop / 1e6),
      ms(r.ours.ms),
      fixed(r.ours.gflops, 3),
      `${(100 * r.ours.fraction).toFixed(0)}% (${(100 * r.ours.ofWebAssembly).toFixed(0)}%)`,
      'skipped' in r.torch ? `skipped: ${r.torch.skipped}` : ms(r.torch.ms),
      'skipped' in r.torch ? '—' : `${fixed(r.torch.ratio, 2)}×${disagrees(r.torch)}`,
      'skipped' in r.tfjs ? `skipped: ${r.tfjs.skipped}` : ms(r.tfjs.ms),
      'skipped' in r.tfjs ? '—' : `${fixed(r.tfjs.ratio, 2)}×${disagrees(r.tfjs)}`,
      ms(r.run.ms),
      r.verdict.torch === 'n/a' ? 'n/a' : `${r.verdict.torch} (≥${TARGET_TORCH}×)`,
      r.verdict.peak === 'n/a' ? 'n/a' : `${r.verdict.peak} (≥${TARGET_PEAK_FRACTION * 100}%)`,
      r.verdict.tfjs === 'n/a' ? 'n/a' : `${r.verdict.tfjs} (≥${need}×)`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

function disagrees(c: Compared): string {
  return !('skipped' in c) && c.lossRelDiff > LOSS_AGREEMENT ? ' (LOSS DISAGREES)' : '';
}

/** Three significant digits, no exponent for everyday magnitudes. */
export function fixed(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  if (Math.abs(value) >= 10 ** digits) return value.toFixed(0);
  return String(Number(value.toPrecision(digits)));
}

export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}
