// A curve of many thousands of epochs on a plot a few hundred pixels wide: per bucket of neighbouring points, the
// first, the lowest, the highest and the last (M4 decimation), which draws the same picture as every point does
// (each pixel column's extremes are kept) at a cost that no longer grows with the run. Magnitudes, as the log axis
// draws them; a value that is not finite is kept too, so the line still breaks where it does.

/** Indices of `values` to draw, ascending: all of them up to `maxPoints`, else about `maxPoints` picked as above. */
export function decimate(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const picked: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let min = -1;
    let max = -1;
    let broken = -1;
    for (let i = lo; i < hi; i++) {
      const v = Math.abs(values[i]);
      if (!Number.isFinite(v)) {
        if (broken < 0) broken = i;
        continue;
      }
      if (min < 0 || v < Math.abs(values[min])) min = i;
      if (max < 0 || v > Math.abs(values[max])) max = i;
    }
    const keep = [lo, min, max, broken, hi - 1].filter((i) => i >= lo).sort((a, b) => a - b);
    for (const i of keep) if (picked.at(-1) !== i) picked.push(i);
  }
  return picked;
}
