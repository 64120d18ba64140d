// Node colours for one model on one theme: one value scale for x, h, c and y (so colours compare across rows),
// a fixed ±1 scale for gates (they live in (0, 1) or (−1, 1)). NaN gets a hatch pattern, never a colour.
import type { PreviewModel, ViewSettings } from '../../src/protocol';
import { maxAbsFinite, ramp, valueScale, type Ramp, type ValueScale } from './colors';
import type { ThemeKind } from './theme.svelte';

export const NAN_FILL = 'url(#unroll-nan)';

export interface Paint {
  ramp: Ramp;
  scale: ValueScale;
  fill(v: number): string;
  ink(v: number): string;
  gateFill(v: number): string;
  gateInk(v: number): string;
}

export function makePaint(m: PreviewModel, kind: ThemeKind, colorScale: ViewSettings['colorScale']): Paint {
  let max = Math.max(maxAbsFinite(m.inputs), maxAbsFinite(m.outputs));
  for (const layer of m.hidden) max = Math.max(max, maxAbsFinite(layer));
  for (const layer of m.cellState ?? []) max = Math.max(max, maxAbsFinite(layer));
  const scale = valueScale(max);
  const r = ramp(kind, colorScale);
  return {
    ramp: r,
    scale,
    fill: (v) => (Number.isNaN(v) ? NAN_FILL : r.color(scale.norm(v))),
    ink: (v) => r.ink(Number.isNaN(v) ? 0 : scale.norm(v)),
    gateFill: (v) => (Number.isNaN(v) ? NAN_FILL : r.color(v)),
    gateInk: (v) => r.ink(Number.isNaN(v) ? 0 : v),
  };
}
