// Weights trained (or kept as a snapshot) for one model fit another spec only if its model is the same network:
// the same cell, sizes, layers and activations. Anything else (data, loss, training settings) may have changed.
import { modelSignature, type ModelSignature } from '../engine/modelSignature';
import type { ModelSpec } from '../engine/types';

const FACTS = ['cell', 'inputSize', 'hiddenSize', 'outputSize', 'numLayers', 'nonlinearity', 'outputActivation'] as const;

/** Why weights trained as `trained` do not fit the spec's `current` model, or undefined when they do. */
export function modelMismatch(current: ModelSpec, trained: ModelSignature): string | undefined {
  const now = modelSignature(current);
  const changed = FACTS.filter((key) => now[key] !== trained[key]);
  if (changed.length === 0) return undefined;
  return `the model changed since it was trained (${changed.map((key) => `${key} ${String(trained[key])} → ${String(now[key])}`).join(', ')})`;
}
