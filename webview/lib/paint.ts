// Node colours for one model on one theme: one value scale for x, h, c and y (so colours compare across rows),
// a fixed ±1 scale for gates (they live in (0, 1) or (−1, 1)). NaN gets a hatch pattern, never a colour.
// Every fill comes with its ink: the text colour that reads on it at WCAG AA (4.5:1) or better.
import type { PreviewModel, ViewSettings } from '../../src/protocol';
import { maxAbsFinite, stateMax } from '../../src/analysis/maxAbs';
import { parseColor, ramp, valueScale, type Ramp, type Rgb, type ValueScale } from './colors';
import type { ThemeKind } from './theme.svelte';

export const NAN_FILL = 'url(#unroll-nan)';

/** How much of its colour an output the loss ignores keeps (the rest is the background). */
const IGNORED_KEEP = 0.4;
const FALLBACK_BACKGROUND: Record<ThemeKind, Rgb> = { light: [255, 255, 255], 'hc-light': [255, 255, 255], dark: [31, 31, 31], 'hc-dark': [0, 0, 0] };

export interface Paint {
  ramp: Ramp;
  scale: ValueScale;
  fill(v: number): string;
  ink(v: number): string;
  /** an output the loss ignores: its colour faded toward the background, with the ink for that faded colour */
  fadedFill(v: number): string;
  fadedInk(v: number): string;
  gateFill(v: number): string;
  gateInk(v: number): string;
}

/** `background`: the editor background as CSS text (theme.background); a default for the theme kind if unreadable. */
export function makePaint(m: PreviewModel, kind: ThemeKind, colorScale: ViewSettings['colorScale'], background = ''): Paint {
  let max = Math.max(maxAbsFinite(m.inputs), maxAbsFinite(m.outputs));
  // every unit's states, as the host measured them before keeping only the drawn ones (else the copy at hand)
  max = Math.max(max, m.stateMax ?? stateMax(m.hidden, m.cellState));
  const scale = valueScale(max);
  const r = ramp(kind, colorScale);
  const faded = r.faded(parseColor(background) ?? FALLBACK_BACKGROUND[kind], IGNORED_KEEP);
  const at = (v: number) => (Number.isNaN(v) ? 0 : scale.norm(v));
  return {
    ramp: r,
    scale,
    fill: (v) => (Number.isNaN(v) ? NAN_FILL : r.color(scale.norm(v))),
    ink: (v) => r.ink(at(v)),
    fadedFill: (v) => (Number.isNaN(v) ? NAN_FILL : faded.color(scale.norm(v))),
    fadedInk: (v) => faded.ink(at(v)),
    gateFill: (v) => (Number.isNaN(v) ? NAN_FILL : r.color(v)),
    gateInk: (v) => r.ink(Number.isNaN(v) ? 0 : v),
  };
}
