// Plain-text rendering helpers: numbers, log-scale bars, aligned tables. No colours, so output pipes cleanly.

/** A number in at most `digits` significant digits; exponent form for very small or large magnitudes. */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

/** The decades a set of norms spans, for a shared log-scale axis: [floor(log10 min>0), ceil(log10 max)]. */
export function logRange(values: Iterable<number>): { low: number; high: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || v <= 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === -Infinity) return null;
  const high = Math.ceil(Math.log10(max));
  let low = Math.floor(Math.log10(min));
  if (low >= high) low = high - 1;
  return { low, high };
}

/** A bar whose length is proportional to log10(value) on [10^low, 10^high]; zero is empty, non-finite is all '!'. */
export function logBar(value: number, range: { low: number; high: number } | null, width: number): string {
  if (!Number.isFinite(value)) return '!'.repeat(width);
  if (range === null || value <= 0) return '';
  const fraction = (Math.log10(value) - range.low) / (range.high - range.low);
  const cells = Math.max(1, Math.round(Math.min(1, Math.max(0, fraction)) * width));
  return '█'.repeat(cells);
}

/** A bar for a fraction in [0, 1], e.g. a progress bar. */
export function fractionBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export type Align = 'left' | 'right';

/** Columns padded to their widest cell; `align` per column (default: right for all but the last). */
export function renderTable(header: string[], rows: string[][], align?: Align[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const alignOf = (i: number): Align => align?.[i] ?? (i === header.length - 1 ? 'left' : 'right');
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignOf(i) === 'right' ? pad(c, widths[i], true) : pad(c, widths[i], false)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Display width, counting each code point as one column (good enough for our box-drawing characters). */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number, left: boolean): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return left ? fill + text : text + fill;
}
