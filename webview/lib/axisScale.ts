// The value axis of a bar chart, log or linear (the spec's view.scale). Log shows 30 orders of magnitude at once;
// linear shows the shape of an explosion as it is: the last steps' bars flat on the axis, the first ones towering.
import { fmt, fmtDecade } from './format';
import { logScale, positiveRange } from './logScale';

export interface AxisScale {
  kind: 'log' | 'linear';
  /** position of a magnitude in [0, 1] from bottom to top (clamped); 1 for non-finite */
  frac(v: number): number;
  /** where a positive finite magnitude falls: under the axis, on it, or over it */
  side(v: number): 'below' | 'inside' | 'above';
  /** labelled gridlines */
  ticks: { value: number; label: string }[];
}

export function axisScale(kind: 'log' | 'linear', values: readonly number[], include: readonly number[] = []): AxisScale {
  return kind === 'linear' ? linearAxis(values, include) : logAxis(values, include);
}

export function logAxis(values: readonly number[], include: readonly number[] = [], maxTicks?: number): AxisScale {
  const scale = logScale(values, { include, ...(maxTicks ? { maxTicks } : {}) });
  return {
    kind: 'log',
    frac: scale.frac,
    side: (v) => {
      const e = Math.log10(Math.abs(v));
      return e < scale.lo - 1e-9 ? 'below' : e > scale.hi + 1e-9 ? 'above' : 'inside';
    },
    ticks: scale.ticks.map((e) => ({ value: 10 ** e, label: fmtDecade(e) })),
  };
}

/** From 0 to a round number at or over the largest finite magnitude, in 4 or 5 round steps. */
export function linearAxis(values: readonly number[], include: readonly number[] = []): AxisScale {
  const { max } = positiveRange([...values, ...include]);
  const step = niceStep(max > 0 ? max / 4 : 1);
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const ticks: AxisScale['ticks'] = [];
  for (let k = 0; k * step <= top * (1 + 1e-9); k++) ticks.push({ value: k * step, label: fmt(k * step) });
  return {
    kind: 'linear',
    frac: (v) => {
      const a = Math.abs(v);
      return Number.isFinite(a) ? Math.min(1, a / top) : 1;
    },
    side: (v) => (Math.abs(v) > top * (1 + 1e-9) ? 'above' : 'inside'),
    ticks,
  };
}

/** 1, 2, 2.5 or 5 times a power of ten, at or over `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw * (1 - 1e-12)) ?? 10;
  return mantissa * power;
}
