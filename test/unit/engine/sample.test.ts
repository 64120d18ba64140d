// Sampling a character model: the stepper against the forward pass, greedy and seeded draws, and the prime's errors.
import * as assert from 'node:assert/strict';
import { classProbabilities, createStepper, run, sampleText, softmaxInto, topClasses } from '../../../src/engine';
import type { CellType, EngineSpec } from '../../../src/engine/types';
import { parseSpec } from '../../../src/spec/index';
import { assertClose } from './helpers';

const TEXT = 'a bad cab, a dab. abba baa. ';

function textSpec(cell: CellType, numLayers = 1): EngineSpec {
  const vocabulary = new Set(TEXT).size;
  const source = { version: 1, model: { cell, inputSize: vocabulary, hiddenSize: 6, numLayers, outputSize: vocabulary, init: { seed: 2 } }, data: { text: { inline: TEXT, window: 8 } } };
  return parseSpec(JSON.stringify(source)).spec!;
}

describe('sampling', () => {
  for (const [cell, layers] of [['rnn', 1], ['lstm', 2], ['gru', 1]] as const) {
    it(`the ${cell} stepper (${layers} layer${layers > 1 ? 's' : ''}) computes what the forward pass computes for each step`, () => {
      const spec = textSpec(cell, layers);
      const sequence = spec.data.sequences[1];
      const expected = run({ ...spec, data: { sequences: [sequence] } }, { contributions: 'none', jacobian: false }).outputs[0];
      const stepper = createStepper(spec.model);
      const outputs = sequence.inputs.map((x) => Array.from(stepper.feed(x.indexOf(1))));
      assertClose(outputs, expected, { relative: 1e-14, absolute: 1e-15 });
      stepper.reset();
      assert.equal(stepper.steps, 0);
      assertClose(Array.from(stepper.feed(sequence.inputs[0].indexOf(1))), expected[0], { relative: 1e-14, absolute: 1e-15 });
    });
  }

  it('greedy (temperature 0) takes the most probable character every step, the same way every time', () => {
    const spec = textSpec('lstm');
    const first = sampleText(spec, { prime: 'a b', length: 30, temperature: 0, seed: 1 });
    const again = sampleText(spec, { prime: 'a b', length: 30, temperature: 0, seed: 99 });
    assert.ok(first.ok && again.ok);
    assert.deepEqual(first.result, { ...again.result, seed: 1 });
    assert.equal(first.result.text.length, 30);
    for (const step of first.result.steps) {
      assert.equal(step.index, step.candidates[0].index);
      assert.equal(step.character, spec.data.text!.vocabulary[step.index]);
    }
    assert.equal(first.result.primeSteps.length, 2);
    assert.deepEqual(first.result.primeSteps.map((s) => s.character), [' ', 'b']);
  });

  it('a temperature draws from softmax(y / τ), repeatably for a seed', () => {
    const spec = textSpec('gru');
    const draw = (seed: number, temperature = 1) => {
      const outcome = sampleText(spec, { prime: 'a', length: 40, temperature, seed });
      assert.ok(outcome.ok);
      return outcome.result.text;
    };
    assert.equal(draw(5), draw(5));
    assert.notEqual(draw(5), draw(6));
    assert.equal(draw(5, 1e-6), (sampleText(spec, { prime: 'a', length: 40, temperature: 0 }) as any).result.text);
  });

  it('the draws follow the distribution: a model whose output ignores its input', () => {
    // All weights zero except the head's bias: y = b at every step, so every draw is from softmax(b / τ).
    const spec = textSpec('rnn');
    const V = spec.model.outputSize;
    const bias = Array.from({ length: V }, (_, j) => (j % 3) - 1);
    const zeros = (rows: number, cols?: number) => (cols === undefined ? new Array(rows).fill(0) : Array.from({ length: rows }, () => new Array(cols).fill(0)));
    const weights = { weight_ih_l0: zeros(6, V), weight_hh_l0: zeros(6, 6), bias_ih_l0: zeros(6), bias_hh_l0: zeros(6), 'fc.weight': zeros(V, 6), 'fc.bias': bias };
    for (const temperature of [1, 2]) {
      const outcome = sampleText({ ...spec, model: { ...spec.model, weights } }, { prime: 'a', length: 20_000, temperature, seed: 3 });
      assert.ok(outcome.ok);
      const p = new Float64Array(V);
      softmaxInto(bias, 0, V, temperature, p);
      const counts = new Array(V).fill(0);
      for (const step of outcome.result.steps) counts[step.index]++;
      counts.forEach((count, j) => {
        const sigma = Math.sqrt(20_000 * p[j] * (1 - p[j]));
        assert.ok(Math.abs(count - 20_000 * p[j]) < 4 * sigma, `class ${j} at τ=${temperature}: ${count} vs ${20_000 * p[j]}`);
      });
      // the reported probabilities are the model's own (τ = 1), whatever the temperature
      softmaxInto(bias, 0, V, 1, p);
      assert.equal(outcome.result.steps[0].probability, p[outcome.result.steps[0].index]);
    }
  });

  it('says what is wrong instead of throwing', () => {
    const spec = textSpec('rnn');
    const message = (outcome: ReturnType<typeof sampleText>) => (outcome.ok ? '' : outcome.message);
    assert.match(message(sampleText(spec, { prime: 'xa😀', length: 5 })), /2 characters not in the text's vocabulary: "x" \(U\+0078\), "😀" \(U\+1F600\)/);
    assert.match(message(sampleText(spec, { prime: '', length: 5 })), /empty/);
    assert.match(message(sampleText(spec, { prime: 'a', length: -1 })), /length/);
    assert.match(message(sampleText(spec, { prime: 'a', length: 5, temperature: -1 })), /temperature/);
    assert.match(message(sampleText({ ...spec, data: { sequences: [] } }, { prime: 'a', length: 5 })), /not "text"/);
  });
});

describe('class probabilities', () => {
  it('softmax per step, and the most probable classes first with ties in class order', () => {
    const [p] = classProbabilities([[1, 2, 3]]);
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const sum = e[0] + e[1] + e[2];
    assertClose(p, e.map((x) => x / sum), { relative: 1e-15, absolute: 0 });
    assert.deepEqual(topClasses([0.2, 0.5, 0.2, 0.1], 4, 3), [1, 0, 2]);
    assert.deepEqual(topClasses([1], 1, 5), [0]);
  });
});
