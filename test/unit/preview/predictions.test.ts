// What a classifier's preview adds: softmax probabilities per step (cross-entropy only), and for a text the
// characters each step reads and predicts, the classes named by the vocabulary.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computePreview } from '../../../src/jobs/preview';
import { snapshotFromText } from '../../../src/jobs/snapshotFromDisk';
import { forDisplay } from '../../../src/preview/displayPrecision';
import type { PreviewModel } from '../../../src/protocol';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function previewOf(name: string, sequence?: number): PreviewModel {
  const snapshot = snapshotFromText(readFileSync(join(EXAMPLES, `${name}.rnn.json`), 'utf8'), { uri: `file:///${name}`, baseDir: EXAMPLES });
  const outcome = computePreview({ spec: snapshot, sequence });
  assert.equal(outcome.type, 'model');
  return (outcome as { model: PreviewModel }).model;
}

describe('class predictions in the preview', () => {
  it('a text: every step reads one character and predicts the next, over the vocabulary', () => {
    const model = previewOf('char-rnn', 1);
    const text = readFileSync(join(EXAMPLES, 'char-rnn.txt'), 'utf8').replace(/\r\n/g, '\n');
    const window = model.steps;
    assert.equal(model.characters?.join(''), [...text].slice(window, 2 * window + 1).join(''), 'sequence 1 starts one window in');
    assert.deepEqual(model.classes?.labels, [...new Set(text)].sort());
    assert.equal(model.classes?.probabilities.length, window);
    for (const [t, p] of model.classes!.probabilities.entries()) {
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12, `step ${t} sums to 1`);
      assert.equal(model.classes!.labels![model.targets[t]![0]], model.characters![t + 1], `step ${t}'s target is the next character`);
    }
  });

  it('a classifier without text: probabilities per step, no labels, no characters', () => {
    const model = previewOf('sequence-classification');
    assert.equal(model.characters, undefined);
    assert.equal(model.classes?.labels, undefined);
    assert.deepEqual(model.classes?.probabilities.map((p) => p.length), Array(model.steps).fill(3));
    const last = model.outputs[model.steps - 1];
    const softmax = last.map((y) => Math.exp(y) / last.reduce((s, v) => s + Math.exp(v), 0));
    model.classes!.probabilities[model.steps - 1].forEach((p, j) => assert.ok(Math.abs(p - softmax[j]) < 1e-12));
  });

  it('a regression (mse) has none of it', () => {
    const model = previewOf('sine');
    assert.equal(model.classes, undefined);
    assert.equal(model.characters, undefined);
  });

  it('what crosses to the webview keeps the labels and characters, and rounds the probabilities', () => {
    const model = previewOf('char-rnn');
    const shown = forDisplay(model);
    assert.deepEqual(shown.characters, model.characters);
    assert.deepEqual(shown.classes?.labels, model.classes?.labels);
    const exact = model.classes!.probabilities.flat();
    assert.deepEqual(shown.classes!.probabilities.flat(), exact.map((p) => Number(p.toPrecision(6))));
  });
});
