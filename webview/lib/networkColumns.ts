// Which steps are drawn where: the collapsed middle of a long sequence, the window of columns near the screen,
// keyboard neighbours across the gap, and the runs of outputs the loss ignores.
import type { NetworkLayout } from './networkLayout';

/** One column of the picture: a step, or the "… k steps …" gap of the collapsed middle. */
export type Column = { kind: 'step'; t: number; i: number } | { kind: 'gap'; from: number; to: number; i: number };

export const COLLAPSE_ABOVE = 60;
export const COLLAPSE_KEEP = 20;

export function columns(steps: number, collapsed: boolean): Column[] {
  const out: Column[] = [];
  if (!collapsed || steps <= COLLAPSE_ABOVE) {
    for (let t = 0; t < steps; t++) out.push({ kind: 'step', t, i: t });
    return out;
  }
  for (let t = 0; t < COLLAPSE_KEEP; t++) out.push({ kind: 'step', t, i: t });
  out.push({ kind: 'gap', from: COLLAPSE_KEEP, to: steps - COLLAPSE_KEEP - 1, i: COLLAPSE_KEEP });
  for (let t = steps - COLLAPSE_KEEP; t < steps; t++) out.push({ kind: 'step', t, i: t - steps + 2 * COLLAPSE_KEEP + 1 });
  return out;
}


/** Centre x of display column i. */
export function columnX(layout: NetworkLayout, i: number): number {
  return layout.lead + i * layout.colW + layout.colW / 2;
}

export function networkWidth(layout: NetworkLayout, count: number): number {
  return layout.lead + count * layout.colW + 16;
}

/** Display column of step t, or undefined when it is inside the collapsed middle (or not a step). */
export function columnIndex(t: number, steps: number, collapsed: boolean): number | undefined {
  if (t < 0 || t >= steps) return undefined;
  if (!collapsed || steps <= COLLAPSE_ABOVE) return t;
  if (t < COLLAPSE_KEEP) return t;
  if (t >= steps - COLLAPSE_KEEP) return t - steps + 2 * COLLAPSE_KEEP + 1;
  return undefined;
}

/** The step the arrow keys go to: over the collapsed middle in one move. */
export function neighbourStep(t: number, direction: 1 | -1, steps: number, collapsed: boolean): number {
  const next = t + direction;
  if (columnIndex(next, steps, collapsed) === undefined && next > 0 && next < steps) return direction > 0 ? steps - COLLAPSE_KEEP : COLLAPSE_KEEP - 1;
  return next;
}

/** The columns within about a screen of the visible part; `band` (half screens scrolled) keeps it stable. */
export function columnsNear(cols: Column[], layout: NetworkLayout, band: number, viewW: number): Column[] {
  const from = (band - 2) * (viewW / 2);
  const to = (band + 4) * (viewW / 2);
  return cols.filter((c) => {
    const x = columnX(layout, c.i);
    return x >= from && x <= to;
  });
}

/** Runs of columns whose output the loss ignores (no target), as x ranges for the bracket over the y row. */
export function ignoredRuns(targets: readonly (readonly number[] | null)[], cols: Column[], layout: NetworkLayout): { x0: number; x1: number }[] {
  const runs: { x0: number; x1: number }[] = [];
  const ignored = (c: Column) => {
    if (c.kind === 'step') return !targets[c.t];
    for (let t = c.from; t <= c.to; t++) if (targets[t]) return false;
    return true;
  };
  let start: number | undefined;
  cols.forEach((c, k) => {
    const isIgnored = ignored(c);
    if (isIgnored && start === undefined) start = k;
    if ((!isIgnored || k === cols.length - 1) && start !== undefined) {
      const end = isIgnored ? k : k - 1;
      runs.push({ x0: columnX(layout, cols[start].i) - layout.node.w / 2, x1: columnX(layout, cols[end].i) + layout.node.w / 2 });
      start = undefined;
    }
  });
  return runs;
}
