// Shared chart geometry, so the gradient bars, the Jacobian line and the heatmap line up step for step.
export const CHART = {
  left: 64,
  right: 16,
  top: 24,
  /** the band under the axis where zeros sit (log10 0 = −∞) */
  zeroBand: 16,
  xAxis: 26,
} as const;

export interface BandGeometry {
  left: number;
  right: number;
  top: number;
  bottom: number;
  zeroY: number;
  band: number;
  /** centre x of step t */
  x(t: number): number;
  /** y of a magnitude on the log axis (zero → zero band, ±∞/NaN → top); clamped to the plot */
  y(v: number): number;
  /** where a positive finite magnitude falls: under the axis's lowest decade, on the axis, or over its highest */
  side(v: number): 'below' | 'inside' | 'above';
}

/** The step under a pointer x, clamped to the steps. */
export function stepAt(geometry: BandGeometry, px: number, steps: number): number {
  return Math.max(0, Math.min(steps - 1, Math.floor((px - geometry.left) / geometry.band)));
}

/** One line of a LogLines chart. */
export interface Series {
  key: string;
  label: string;
  values: readonly number[];
  color: string;
  dash?: string;
  width?: number;
}
