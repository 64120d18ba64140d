// Data colours. Text, backgrounds and borders come from --vscode-* variables; only the data scales live here,
// one set per theme kind, all colour-blind safe (purple–orange diverging, Okabe–Ito categories) and always
// paired with text, patterns or dashes so colour is never the only cue.
import type { GradientHealth } from '../../src/protocol';
import type { ThemeKind } from './theme.svelte';

type Stop = [position: number, hex: string];

/** PuOr-like: negative purple, zero neutral, positive orange. On dark themes zero is dark and |v| gets brighter. */
const DIVERGING: Record<ThemeKind, Stop[]> = {
  light: [[-1, '#542788'], [-0.6, '#998ec3'], [-0.25, '#d8daeb'], [0, '#f7f7f7'], [0.25, '#fee0b6'], [0.6, '#f1a340'], [1, '#b35806']],
  'hc-light': [[-1, '#3f1a6e'], [-0.5, '#8073b5'], [0, '#ffffff'], [0.5, '#e8922a'], [1, '#8f4404']],
  dark: [[-1, '#d9c6ff'], [-0.6, '#9b82d9'], [-0.25, '#5a4a86'], [0, '#303036'], [0.25, '#7a5426'], [0.6, '#d4892f'], [1, '#ffcf8a']],
  'hc-dark': [[-1, '#e6d9ff'], [-0.5, '#a58cf0'], [0, '#101010'], [0.5, '#f0a040'], [1, '#ffe0b0']],
};

/** Viridis (settings colorScale = 'viridis'): sequential, mapped from −max to +max. */
const VIRIDIS: Stop[] = [[-1, '#440154'], [-0.5, '#3b528b'], [0, '#21918c'], [0.5, '#5ec962'], [1, '#fde725']];

export type HealthColors = Record<GradientHealth, string>;

const HEALTH: Record<ThemeKind, HealthColors> = {
  light: { healthy: '#0072b2', vanishing: '#8a8a8a', exploding: '#d55e00' },
  'hc-light': { healthy: '#00508a', vanishing: '#6a6a6a', exploding: '#b34700' },
  dark: { healthy: '#56b4e9', vanishing: '#8f8f8f', exploding: '#f08a3c' },
  'hc-dark': { healthy: '#7cc8ff', vanishing: '#b0b0b0', exploding: '#ffa04d' },
};

export type CellKind = 'rnn' | 'lstm' | 'gru';
/** Okabe–Ito, different dashes in CompareView too. */
const CELLS: Record<ThemeKind, Record<CellKind, string>> = {
  light: { rnn: '#d55e00', lstm: '#0072b2', gru: '#cc79a7' },
  'hc-light': { rnn: '#b34700', lstm: '#00508a', gru: '#a4457f' },
  dark: { rnn: '#f08a3c', lstm: '#56b4e9', gru: '#e09ac4' },
  'hc-dark': { rnn: '#ffa04d', lstm: '#7cc8ff', gru: '#f2b5d8' },
};

export function healthColors(kind: ThemeKind): HealthColors {
  return HEALTH[kind];
}

export function cellColors(kind: ThemeKind): Record<CellKind, string> {
  return CELLS[kind];
}

export type Rgb = readonly [r: number, g: number, b: number];

function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** An opaque colour from CSS text (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()), or undefined. Alpha is ignored. */
export function parseColor(text: string): Rgb | undefined {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(s);
  if (m) {
    const [r, g, b] = [...m[1]].map((c) => parseInt(c + c, 16));
    return [r, g, b];
  }
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(s);
  if (m) return hexToRgb(`#${m[1]}`);
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return undefined;
}

/** WCAG 2 relative luminance of an sRGB colour (channels 0–255). */
export function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Soft black and white read more calmly; where neither reaches 4.5:1 (mid-luminance fills), pure black or white
// does: one of them always reaches at least 4.58:1 on an opaque fill.
const SOFT_INKS: [string, Rgb][] = [['#1a1a1a', [26, 26, 26]], ['#f5f5f5', [245, 245, 245]]];
const PURE_INKS: [string, Rgb][] = [['#000000', [0, 0, 0]], ['#ffffff', [255, 255, 255]]];

/** Text colour for a label on an opaque fill: the better of dark and light, at least WCAG AA (4.5:1). */
export function inkOn(fill: Rgb): string {
  const best = (inks: [string, Rgb][]) => inks.map(([css, rgb]) => ({ css, ratio: contrast(fill, rgb) })).sort((a, b) => b.ratio - a.ratio)[0];
  const soft = best(SOFT_INKS);
  return soft.ratio >= 4.5 ? soft.css : best(PURE_INKS).css;
}

const LUT_SIZE = 257;

/** A colour ramp precomputed at 257 points over [−1, 1]: strings for SVG, RGBA bytes for canvas, and the ink
 *  (text colour) that stays legible on each entry. */
export class Ramp {
  readonly css: string[] = [];
  readonly rgba = new Uint8ClampedArray(LUT_SIZE * 4);
  private readonly inks: string[] = [];
  private readonly fadedRamps = new Map<string, Ramp>();

  /** `colours`: LUT_SIZE entries from −1 to 1 */
  private constructor(colours: readonly Rgb[]) {
    colours.forEach((rgb, i) => {
      const [r, g, b] = rgb.map(Math.round);
      this.css.push(`rgb(${r},${g},${b})`);
      this.rgba.set([r, g, b, 255], i * 4);
      this.inks.push(inkOn([r, g, b]));
    });
  }

  static fromStops(stops: Stop[]): Ramp {
    const rgb = stops.map(([p, hex]) => [p, ...hexToRgb(hex)] as const);
    const colours: Rgb[] = [];
    for (let i = 0; i < LUT_SIZE; i++) {
      const s = -1 + (2 * i) / (LUT_SIZE - 1);
      let k = 1;
      while (k < rgb.length - 1 && rgb[k][0] < s) k++;
      const [p0, r0, g0, b0] = rgb[k - 1];
      const [p1, r1, g1, b1] = rgb[k];
      const f = Math.min(1, Math.max(0, (s - p0) / (p1 - p0)));
      colours.push([r0 + (r1 - r0) * f, g0 + (g1 - g0) * f, b0 + (b1 - b0) * f]);
    }
    return new Ramp(colours);
  }

  /**
   * The same ramp mixed toward a background, keeping `keep` of each colour: how a node that does not count (an
   * output the loss ignores) is dimmed. The result is opaque, so its ink is computed on the colour actually shown.
   */
  faded(background: Rgb, keep: number): Ramp {
    const key = `${background.join(',')}:${keep}`;
    let r = this.fadedRamps.get(key);
    if (!r) {
      const colours: Rgb[] = [];
      for (let i = 0; i < LUT_SIZE; i++) {
        const o = i * 4;
        const mix = (c: number) => this.rgba[o + c] * keep + background[c] * (1 - keep);
        colours.push([mix(0), mix(1), mix(2)]);
      }
      r = new Ramp(colours);
      this.fadedRamps.set(key, r);
    }
    return r;
  }

  /** Index of s ∈ [−1, 1] in the table (NaN → centre; callers mark NaN separately). */
  index(s: number): number {
    if (Number.isNaN(s)) return (LUT_SIZE - 1) / 2;
    const c = Math.max(-1, Math.min(1, s));
    return Math.round(((c + 1) / 2) * (LUT_SIZE - 1));
  }

  color(s: number): string {
    return this.css[this.index(s)];
  }

  /** Text colour that stays legible on color(s): at least 4.5:1. */
  ink(s: number): string {
    return this.inks[this.index(s)];
  }
}

const ramps = new Map<string, Ramp>();

export function ramp(kind: ThemeKind, scale: 'diverging' | 'viridis' = 'diverging'): Ramp {
  const key = `${kind}:${scale}`;
  let r = ramps.get(key);
  if (!r) {
    r = Ramp.fromStops(scale === 'viridis' ? VIRIDIS : DIVERGING[kind]);
    ramps.set(key, r);
  }
  return r;
}

/**
 * How a signed value maps onto [−1, 1]: linear up to ±domain when the range is modest, symmetric log when it
 * spans orders of magnitude (an exploding ReLU's h grows like 2^t, a linear scale would show one coloured node).
 */
export interface ValueScale {
  domain: number;
  mode: 'linear' | 'symlog';
  norm(v: number): number;
  /** legend ticks: values with their position in [−1, 1] */
  ticks: { value: number; at: number }[];
}

export function valueScale(maxAbs: number): ValueScale {
  const domain = Number.isFinite(maxAbs) && maxAbs > 0 ? maxAbs : 1;
  if (domain <= 10) {
    const norm = (v: number) => (v === Infinity ? 1 : v === -Infinity ? -1 : v / domain);
    const ticks = [-domain, -domain / 2, 0, domain / 2, domain].map((value) => ({ value, at: norm(value) }));
    return { domain, mode: 'linear', norm, ticks };
  }
  const top = Math.log10(1 + domain);
  const norm = (v: number) => (v === Infinity ? 1 : v === -Infinity ? -1 : (Math.sign(v) * Math.log10(1 + Math.abs(v))) / top);
  const decades = Math.floor(Math.log10(domain));
  const mid = Math.round(decades / 2);
  const values = [-domain, -(10 ** mid), 0, 10 ** mid, domain];
  return { domain, mode: 'symlog', norm, ticks: values.map((value) => ({ value, at: norm(value) })) };
}
