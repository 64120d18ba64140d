// Training replay keeps the weights of some epochs only (every one for a short run, every 2nd, 4th … for a long
// one): the slider shows the kept epoch nearest to where it points, the earlier one on a tie.

export function nearestKept(kept: readonly number[], epoch: number): number {
  let best = kept[0] ?? 0;
  for (const e of kept) if (Math.abs(e - epoch) < Math.abs(best - epoch)) best = e;
  return best;
}
