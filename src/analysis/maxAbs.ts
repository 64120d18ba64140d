// The reach of a colour scale: the largest finite magnitude in a table of numbers. The host computes it for the
// hidden and cell states before it trims them for the webview (displayPrecision.ts), the webview for what it has.

/** Largest finite |v| over rows from … to of a nested array, without allocating. */
export function maxAbsFinite(values: readonly (readonly number[])[], from = 0, to = values.length): number {
  let m = 0;
  for (let t = from; t < to; t++) {
    const row = values[t];
    if (!row) continue;
    for (let i = 0; i < row.length; i++) {
      const a = Math.abs(row[i]);
      if (a > m && a !== Infinity) m = a;
    }
  }
  return m;
}

/** Largest finite |h| or |c| over every layer, step and unit: [layer][t][unit] each. */
export function stateMax(hidden: readonly (readonly (readonly number[])[])[], cellState?: readonly (readonly (readonly number[])[])[]): number {
  let max = 0;
  for (const layer of hidden) max = Math.max(max, maxAbsFinite(layer));
  for (const layer of cellState ?? []) max = Math.max(max, maxAbsFinite(layer));
  return max;
}
