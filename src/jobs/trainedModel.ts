// Weights trained (or kept as a snapshot) for one model fit another spec only if its model is the same network:
// the same cell, sizes, layers and activations. Anything else (data, loss, training settings) may have changed.
import type { ModelSpec } from '../engine/types';

/** Why `trained` weights do not fit the spec's `current` model, or undefined when they do. */
export function modelMismatch(current: ModelSpec, trained: ModelSpec): string | undefined {
  const facts = (m: ModelSpec) => ({
    cell: m.cell,
    inputSize: m.inputSize,
    hiddenSize: m.hiddenSize,
    outputSize: m.outputSize,
    numLayers: m.numLayers ?? 1,
    nonlinearity: m.cell === 'rnn' ? (m.nonlinearity ?? 'tanh') : undefined,
    outputActivation: m.outputActivation ?? 'identity',
  });
  const now = facts(current);
  const then = facts(trained);
  const changed = (Object.keys(now) as (keyof typeof now)[]).filter((key) => now[key] !== then[key]);
  if (changed.length === 0) return undefined;
  return `the model changed since it was trained (${changed.map((key) => `${key} ${String(then[key])} → ${String(now[key])}`).join(', ')})`;
}
