// A diverged run's advice: what it suggests (no clip suggested when the spec clips already), the sentence a person
// reads, and the edits that write a suggestion into the spec, keeping the rest of it as written.
import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import type { Divergence } from '../../../src/protocol';
import { describeDivergence, divergenceAdvice } from '../../../src/training/divergenceAdvice';
import { divergenceEdits } from '../../../src/training/divergenceFixes';

const diverged: Divergence = { epoch: 3, batch: 2, quantity: 'loss', learningRate: 0.5 };

describe('divergence advice', () => {
  it('suggests clipping the gradient and a learning rate ten times smaller', () => {
    assert.deepEqual(divergenceAdvice(diverged).map((a) => [a.fix, a.key, a.value, a.title]), [
      ['clipNorm', 'clipNorm', 1, 'Add clipNorm: 1'],
      ['learningRate', 'learningRate', 0.05, 'Learning rate 0.5 → 0.05'],
    ]);
  });

  it('does not suggest a clip to a spec that clips already; the smaller rate is a short decimal', () => {
    const advice = divergenceAdvice({ ...diverged, clipNorm: 5, learningRate: 0.03 });
    assert.deepEqual(advice.map((a) => [a.fix, a.value]), [['learningRate', 0.003]]);
  });

  it('says where it broke and what to try, in one sentence', () => {
    assert.equal(
      describeDivergence(diverged),
      'Training diverged in epoch 3, minibatch 2: the loss stopped being finite (NaN or ∞). Try to clip the gradient ("clipNorm": 1) or lower the learning rate (0.5 → 0.05).',
    );
    assert.match(describeDivergence({ ...diverged, batch: 1, quantity: 'weight_hh_l0' }), /^Training diverged in epoch 3: weight_hh_l0 stopped/);
  });

  it('writes a suggestion into the training section, keeping comments and everything else', () => {
    const text = '{\n  // mine\n  "model": { "cell": "rnn" },\n  "training": {\n    "learningRate": 0.5,\n    "epochs": 20\n  }\n}\n';
    const [clip, rate] = divergenceAdvice(diverged);
    const clipped = applyEdits(text, divergenceEdits(text, clip));
    assert.deepEqual(parse(clipped).training, { learningRate: 0.5, epochs: 20, clipNorm: 1 });
    assert.match(clipped, /\/\/ mine/);
    const slower = applyEdits(text, divergenceEdits(text, rate));
    assert.deepEqual(parse(slower).training, { learningRate: 0.05, epochs: 20 });
    assert.equal(slower.replace('0.05', '0.5'), text, 'only the number changed');
  });

  it('adds a training section to a spec that has none', () => {
    const text = '{\n  "model": { "cell": "rnn" }\n}';
    const out = applyEdits(text, divergenceEdits(text, divergenceAdvice(diverged)[0]));
    assert.deepEqual(parse(out).training, { clipNorm: 1 });
  });
});
