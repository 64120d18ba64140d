// The video's model: a one-unit, one-layer rnn, whose weights are the edge labels w1, w2, w3, b1, b2.
import type { ModelSpec } from '../engine/types';

export function isScalarRnn(m: Pick<ModelSpec, 'cell' | 'inputSize' | 'hiddenSize' | 'numLayers'>): boolean {
  return m.cell === 'rnn' && m.inputSize === 1 && m.hiddenSize === 1 && (m.numLayers ?? 1) === 1;
}
