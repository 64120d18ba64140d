// How a step's gradient is judged, in one place: the CLI table, the status bar and the views all use it,
// so the same run is never called "healthy" in one place and "vanishing" in another.
import type { GradientHealth, Thresholds } from '../protocol';

export const DEFAULT_THRESHOLDS: Thresholds = { vanishing: 1e-6, exploding: 1e6 };

/** Largest finite value, or 0 when none is. */
export function largestFinite(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return max;
}

/**
 * vanishing: below `vanishing` × the largest step's norm (relative, because the scale of a loss is arbitrary);
 * exploding: above `exploding` in absolute terms, or not finite at all.
 */
export function stepHealth(norms: readonly number[], thresholds: Thresholds = DEFAULT_THRESHOLDS): GradientHealth[] {
  const largest = largestFinite(norms);
  return norms.map((n) => {
    if (!Number.isFinite(n) || n > thresholds.exploding) return 'exploding';
    if (largest > 0 && n < thresholds.vanishing * largest) return 'vanishing';
    return 'healthy';
  });
}

/** A run's verdict: exploding wins over vanishing, since overflow ruins training outright. */
export function overallHealth(perStep: readonly GradientHealth[]): GradientHealth {
  if (perStep.includes('exploding')) return 'exploding';
  if (perStep.includes('vanishing')) return 'vanishing';
  return 'healthy';
}
