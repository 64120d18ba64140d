import assert from 'node:assert/strict';
import { readCheckpoint } from '../../../src/checkpoint/read';
import { selectedWeights, selectModel, type Selection, type SelectOptions } from '../../../src/checkpoint/select';
import type { Checkpoint } from '../../../src/checkpoint/types';
import { expectedTensors, fixtureBytes } from './helpers';

function open(name: string): Checkpoint {
  const result = readCheckpoint(fixtureBytes(name), name);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

function selected(name: string, options: SelectOptions = {}): Extract<Selection, { kind: 'selected' }> {
  const selection = selectModel(open(name), options);
  assert.equal(selection.kind, 'selected', selection.kind === 'selected' ? '' : selection.message);
  return selection as Extract<Selection, { kind: 'selected' }>;
}

describe('finding the recurrent module and the head', () => {
  it('an nn.RNN and its head at the top level', () => {
    const { module, head } = selected('rnn.pt');
    assert.deepEqual([module.prefix, module.cell, module.inputSize, module.hiddenSize, module.numLayers], ['rnn.', 'rnn', 2, 3, 1]);
    assert.deepEqual([head?.prefix, head?.outputSize], ['fc.', 1]);
  });

  it('a nested two-layer LSTM: cell kind from the 4H gate rows, layers from the keys', () => {
    const { module, head } = selected('lstm-nested.pt');
    assert.deepEqual([module.prefix, module.cell, module.numLayers, module.hiddenSize], ['encoder.rnn.', 'lstm', 2, 3]);
    assert.equal(module.keys.weight_hh_l1, 'encoder.rnn.weight_hh_l1');
    assert.deepEqual([head?.prefix, head?.outputSize], ['head.', 2]);
  });

  it('a GRU (3H rows) and an nn.GRUCell, whose keys have no layer suffix', () => {
    assert.equal(selected('gru-float64.pt').module.cell, 'gru');
    const { module } = selected('gru-cell.pt');
    assert.deepEqual([module.style, module.cell, module.numLayers, module.keys.weight_ih_l0], ['cell', 'gru', 1, 'cell.weight_ih']);
  });

  it("a training checkpoint's model under \"model.\", past the optimizer's state and a BatchNorm", () => {
    const { module, head } = selected('training-checkpoint.pt');
    assert.deepEqual([module.prefix, head?.prefix], ['model.rnn.', 'model.head.']);
  });

  it('a bare nn.LSTM: the empty prefix, and no head (fc from init, with a warning)', () => {
    const { module, head, warnings } = selected('bare-lstm.pt');
    assert.equal(module.prefix, '');
    assert.equal(head, undefined);
    assert.match(warnings[0], /No nn\.Linear head.*fc\.weight and fc\.bias come from the spec's init/);
  });

  it('several modules: asks for a prefix, then for a head, listing what fits', () => {
    const checkpoint = open('two-rnns.pt');
    const first = selectModel(checkpoint, {});
    assert.equal(first.kind, 'choose');
    assert.deepEqual(first.kind === 'choose' && [first.what, first.candidates.map((c) => c.value)], ['prefix', ['encoder.rnn.', 'decoder.rnn.']]);
    const second = selectModel(checkpoint, { prefix: 'decoder.rnn.' });
    assert.deepEqual(second.kind === 'choose' && [second.what, second.candidates.map((c) => c.value)], ['head', ['head.', 'aux.']]);
    const third = selectModel(checkpoint, { prefix: 'decoder.rnn.', head: 'aux.' });
    assert.deepEqual(third.kind === 'selected' && [third.module.cell, third.head?.outputSize], ['gru', 2]);
  });

  it('a prefix or head that is not there: an error on it, with the candidates', () => {
    const prefix = selectModel(open('two-rnns.pt'), { prefix: 'encoder.' });
    assert.equal(prefix.kind === 'error' && prefix.what, 'prefix');
    assert.match(prefix.kind === 'error' ? prefix.message : '', /no recurrent module with the prefix "encoder\.".*"encoder\.rnn\." \(lstm, input 2, hidden 3\)/);
    const head = selectModel(open('rnn.pt'), { head: 'rnn.' });
    assert.equal(head.kind === 'error' && head.what, 'head');
    assert.match(head.kind === 'error' ? head.message : '', /no key rnn\.weight.*Heads that fit: "fc\."/);
  });

  const unsupported: [string, RegExp][] = [
    ['bidirectional.pt', /"rnn\." is bidirectional \(rnn\.weight_ih_l0_reverse, .*\), which Unroll cannot run yet/],
    ['projection.pt', /"rnn\." has LSTM projections \(rnn\.weight_hr_l0: proj_size > 0\)/],
    ['no-bias.pt', /"rnn\." has no rnn\.bias_ih_l0, rnn\.bias_hh_l0 \(bias=False\)/],
  ];
  for (const [file, message] of unsupported) {
    it(`${file}: names the keys the engine cannot run yet`, () => {
      const selection = selectModel(open(file), {});
      assert.equal(selection.kind, 'error');
      assert.match(selection.kind === 'error' ? selection.message : '', message);
    });
  }

  it('gives the weights in the spec\'s names and layouts, exactly as PyTorch holds them', () => {
    const checkpoint = open('lstm-nested.pt');
    const { module, head } = selected('lstm-nested.pt');
    const read = selectedWeights(checkpoint, module, head);
    assert.ok(read.ok);
    const expected = expectedTensors()['lstm-nested.pt'];
    assert.deepEqual(read.weights.weight_hh_l1, expected['encoder.rnn.weight_hh_l1'].values);
    assert.deepEqual(read.weights.bias_ih_l0, expected['encoder.rnn.bias_ih_l0'].values);
    assert.deepEqual(read.weights['fc.weight'], expected['head.weight'].values);
  });

  it('refuses a weight that is not finite, naming it', () => {
    const checkpoint = open('nan.pt');
    const { module, head } = selected('nan.pt');
    const read = selectedWeights(checkpoint, module, head);
    assert.ok(!read.ok);
    assert.match(read.message, /rnn\.weight_hh_l0 holds NaN at element 2/);
  });
});
