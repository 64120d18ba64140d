// How the host marks each step's gradient (healthy / vanishing / exploding), for hand-made sample models.
import type { GradientHealth, Thresholds, ViewSettings } from '../../src/protocol';

export const THRESHOLDS: Thresholds = { vanishing: 1e-6, exploding: 1e6 };
export const SETTINGS: ViewSettings = { colorScale: 'diverging', thresholds: THRESHOLDS };

/** Marks each step as the host does: exploding above the threshold or not finite, vanishing below vanishing × max. */
export function classify(gradNorm: number[], thresholds: Thresholds = THRESHOLDS): { stepHealth: GradientHealth[]; health: GradientHealth } {
  const finite = gradNorm.filter((g) => Number.isFinite(g));
  const max = finite.length ? Math.max(...finite) : 0;
  const stepHealth = gradNorm.map((g): GradientHealth => {
    if (!Number.isFinite(g) || g > thresholds.exploding) return 'exploding';
    if (g < thresholds.vanishing * max) return 'vanishing';
    return 'healthy';
  });
  const health = stepHealth.includes('exploding') ? 'exploding' : stepHealth.includes('vanishing') ? 'vanishing' : 'healthy';
  return { stepHealth, health };
}
