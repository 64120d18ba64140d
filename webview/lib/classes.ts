// Class predictions for the views: what a cross-entropy model gives each class at a step, the classes named (a
// text's characters as visible symbols) and the probability of each put in one of four bands, which the sample
// view and the prediction strip colour alike.
import type { PreviewModel } from '../../src/protocol';
import { characterLabel } from '../../src/spec/data/vocabulary';

export type Band = 'sure' | 'likely' | 'unsure' | 'surprising';

/** The bands' lower edges: ≥ 50 % sure, ≥ 20 % likely, ≥ 5 % unsure, below that surprising. */
export const BANDS: { band: Band; from: number; label: string }[] = [
  { band: 'sure', from: 0.5, label: '≥ 50%' },
  { band: 'likely', from: 0.2, label: '20–50%' },
  { band: 'unsure', from: 0.05, label: '5–20%' },
  { band: 'surprising', from: 0, label: '< 5%' },
];

export function bandOf(p: number): Band {
  return (BANDS.find((b) => p >= b.from) ?? BANDS[BANDS.length - 1]).band;
}

/** How class j is written: its character (visible symbols for spaces and newlines), else its number. */
export function classLabel(model: Pick<PreviewModel, 'classes'>, j: number): string {
  const label = model.classes?.labels?.[j];
  return label === undefined ? String(j) : characterLabel(label);
}

export interface ClassEntry {
  index: number;
  label: string;
  probability: number;
}

/** The `k` most probable classes at step t, most probable first (equal ones in class order). */
export function topAt(model: Pick<PreviewModel, 'classes'>, t: number, k: number): ClassEntry[] {
  const p = model.classes?.probabilities[t] ?? [];
  return p
    .map((probability, index) => ({ index, probability, label: classLabel(model, index) }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}

/** The predicted class at step t: the most probable, the first on ties (as argmax). */
export function predictedAt(model: Pick<PreviewModel, 'classes'>, t: number): number {
  const p = model.classes?.probabilities[t] ?? [];
  let best = 0;
  for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
  return best;
}

/** The target class at step t (cross-entropy targets are class indices), or undefined where the loss ignores it. */
export function targetAt(model: Pick<PreviewModel, 'targets'>, t: number): number | undefined {
  return model.targets[t]?.[0];
}

/** Text data: the character step t reads, and the one it should predict. */
export function stepCharacters(model: Pick<PreviewModel, 'characters'>, t: number): { reads: string; predicts: string } | undefined {
  const c = model.characters;
  if (!c || t + 1 >= c.length) return undefined;
  return { reads: characterLabel(c[t]), predicts: characterLabel(c[t + 1]) };
}
