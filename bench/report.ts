// Turning measured rows into the markdown table, the PASS/MISS verdicts and the notes that say what was measured.
import type { PeakVariant } from './peak';
import type { BenchCell, Size } from './problem';

export interface Row {
  cell: BenchCell;
  size: Size;
  batch: number;
  /** small = (1,1,50), (8,32,100): target ≥10× tfjs; large = the rest: target ≥1× tfjs and ≥ ½ the JS peak */
  scale: 'small' | 'large';
  flop: number;
  ours: { ms: number; runs: number; gflops: number; loss: number };
  tfjs:
    | { ms: number; runs: number; gflops: number; loss: number; lossRelDiff: number; gradRelDiff: number; ratio: number }
    | { skipped: string };
  peak: { ms: number; gflops: number; fraction: number; variant: PeakVariant };
  verdict: { tfjs: Verdict; peak: Verdict };
}

export type Verdict = 'PASS' | 'MISS' | 'n/a';

export const TARGET_TFJS_SMALL = 10;
export const TARGET_TFJS_LARGE = 1;
/** "within 2× of the JS peak" */
export const TARGET_PEAK_FRACTION = 0.5;
export const LOSS_AGREEMENT = 1e-4;

export function verdicts(row: Omit<Row, 'verdict'>): Row['verdict'] {
  const need = row.scale === 'small' ? TARGET_TFJS_SMALL : TARGET_TFJS_LARGE;
  const tfjs: Verdict = 'skipped' in row.tfjs ? 'n/a' : row.tfjs.ratio >= need ? 'PASS' : 'MISS';
  const peak: Verdict = row.scale === 'small' ? 'n/a' : row.peak.fraction >= TARGET_PEAK_FRACTION ? 'PASS' : 'MISS';
  return { tfjs, peak };
}

export function markdownTable(rows: Row[]): string {
  const header = [
    'cell', 'I×H×T', 'B', 'MFLOP', 'ours ms', 'ours GFLOP/s', 'tfjs ms', 'tfjs ÷ ours', 'loss rel. diff',
    'JS peak GFLOP/s', 'ours ÷ peak', 'vs tfjs', 'vs peak',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) {
    const t = r.tfjs;
    const need = r.scale === 'small' ? TARGET_TFJS_SMALL : TARGET_TFJS_LARGE;
    const cells = [
      r.cell === 'rnn' ? 'rnn (tanh)' : 'lstm',
      `${r.size.input}×${r.size.hidden}×${r.size.steps}`,
      `${r.batch}`,
      fixed(r.flop / 1e6),
      ms(r.ours.ms),
      fixed(r.ours.gflops, 3),
      'skipped' in t ? `skipped: ${t.skipped}` : ms(t.ms),
      'skipped' in t ? '—' : `${fixed(t.ratio, 2)}×`,
      'skipped' in t ? '—' : `${t.lossRelDiff.toExponential(1)}${t.lossRelDiff > LOSS_AGREEMENT ? ' DISAGREE' : ''}`,
      fixed(r.peak.gflops, 3),
      `${(100 * r.peak.fraction).toFixed(0)}%`,
      r.verdict.tfjs === 'n/a' ? 'n/a' : `${r.verdict.tfjs} (≥${need}×)`,
      r.verdict.peak === 'n/a' ? 'n/a' : `${r.verdict.peak} (≥${TARGET_PEAK_FRACTION * 100}%)`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** Three significant digits, no exponent for everyday magnitudes. */
export function fixed(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  if (Math.abs(value) >= 10 ** digits) return value.toFixed(0);
  return String(Number(value.toPrecision(digits)));
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}
