// Save Trained Weights after the user edited the spec: written only into the model they were trained as.
import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { createTrainer } from '../../../src/engine';
import { parseSpec } from '../../../src/spec/index';
import { modelSignature, saveTrainedWeights, trainedWeightsRefusal } from '../../../src/training/trainedModel';
import { weightsEdits } from '../../../src/training/weightsEdit';

const SPEC = `{
  // trained below
  "version": 1,
  "model": { "cell": "rnn", "inputSize": 1, "hiddenSize": 2, "outputSize": 1, "init": { "seed": 1 } },
  "data": { "sequences": [{ "inputs": [[0], [1]], "target": [1] }] },
  "training": { "epochs": 3 }
}
`;

function trained() {
  const spec = parseSpec(SPEC).spec!;
  const trainer = createTrainer(spec);
  trainer.step(3);
  return { signature: modelSignature(spec.model), weights: trainer.weights() };
}

describe('save trained weights: the model must not have changed', () => {
  it('writes the weights into the unchanged spec', () => {
    const { signature, weights } = trained();
    assert.equal(trainedWeightsRefusal(SPEC, signature, weights), undefined);
    const saved = saveTrainedWeights(SPEC, signature, weights);
    assert.ok(saved.ok);
    const text = applyEdits(SPEC, saved.edits);
    assert.deepEqual(parse(text).model.weights, weights);
    assert.deepEqual(parseSpec(text).problems.filter((p) => p.severity === 'error'), []);
  });

  for (const [what, from, to, said] of [
    ['hiddenSize', '"hiddenSize": 2', '"hiddenSize": 3', /hiddenSize 2 → 3/],
    ['cell', '"cell": "rnn"', '"cell": "gru"', /cell "rnn" → "gru"/],
    ['nonlinearity', '"cell": "rnn",', '"cell": "rnn", "nonlinearity": "relu",', /nonlinearity "tanh" → "relu"/],
    ['numLayers', '"outputSize": 1,', '"outputSize": 1, "numLayers": 2,', /numLayers 1 → 2/],
    ['outputActivation', '"outputSize": 1,', '"outputSize": 1, "outputActivation": "sigmoid",', /outputActivation "identity" → "sigmoid"/],
    ['inputSize and outputSize', '"inputSize": 1, "hiddenSize": 2, "outputSize": 1', '"inputSize": 2, "hiddenSize": 2, "outputSize": 3', /inputSize 1 → 2; outputSize 1 → 3/],
  ] as const) {
    it(`refuses after ${what} changed, saying what changed`, () => {
      const { signature, weights } = trained();
      const edited = SPEC.replace(from, to);
      const saved = saveTrainedWeights(edited, signature, weights);
      assert.equal(saved.ok, false);
      assert.match(saved.ok ? '' : saved.message, said);
      assert.match(saved.ok ? '' : saved.message, /Train again/);
    });
  }

  for (const [what, text] of [
    ['a model that is a list', '{ "model": [1, 2], "data": {} }'],
    ['a model that is a number', '{ "model": 3 }'],
    ['a model that is null', '{ "model": null }'],
    ['no model', '{ "data": {} }'],
    ['a spec that is a list', '[1]'],
    ['broken JSON', '{ "model": { "cell": '],
    ['an empty text', ''],
    ['a model with a cell from elsewhere', '{ "model": { "cell": "transformer", "inputSize": 1, "hiddenSize": 2, "outputSize": 1 } }'],
    ['sizes inherited through "__proto__"', '{ "model": { "__proto__": { "cell": "rnn", "inputSize": 1, "hiddenSize": 2, "outputSize": 1 } } }'],
  ] as const) {
    it(`refuses ${what} with a message, and weightsEdits does not throw`, () => {
      const { signature, weights } = trained();
      const saved = saveTrainedWeights(text, signature, weights);
      assert.equal(saved.ok, false);
      assert.ok(!saved.ok && saved.message.length > 0);
      assert.doesNotThrow(() => weightsEdits(text, weights));
    });
  }

  it('weightsEdits writes nothing into a model that is not an object', () => {
    assert.deepEqual(weightsEdits('{ "model": [1, 2] }', { 'fc.bias': [1] }), []);
  });
});
