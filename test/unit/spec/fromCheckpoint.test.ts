import assert from 'node:assert/strict';
import { specFromCheckpoint, type ImportResult } from '../../../src/spec/fromCheckpoint';
import { run } from '../../../src/engine/index';
import { parseSpecText } from '../../../src/spec/parse';
import { preloadedFiles } from '../../../src/spec/files';
import { expectedTensors, fixtureBytes, noise, safetensorsBytes } from '../checkpoint/helpers';

type SpecResult = Extract<ImportResult, { kind: 'spec' }>;

function imported(name: string, options = {}, bytes = fixtureBytes(name)): SpecResult {
  const result = specFromCheckpoint(bytes, name, options);
  assert.equal(result.kind, 'spec', result.kind === 'spec' ? '' : JSON.stringify(result));
  return result as SpecResult;
}

/** A one-layer rnn with hidden size H and input size I, as a safetensors file (float64, so every digit counts). */
function syntheticRnn(hidden: number, input: number): Uint8Array {
  return safetensorsBytes({
    'rnn.weight_ih_l0': { shape: [hidden, input], values: noise(hidden * input, 1), dtype: 'F64' },
    'rnn.weight_hh_l0': { shape: [hidden, hidden], values: noise(hidden * hidden, 2), dtype: 'F64' },
    'rnn.bias_ih_l0': { shape: [hidden], values: noise(hidden, 3), dtype: 'F64' },
    'rnn.bias_hh_l0': { shape: [hidden], values: noise(hidden, 4), dtype: 'F64' },
  });
}

describe('a spec from a checkpoint', () => {
  it('writes the inferred model with the exact weights, example data and a loss, and the spec runs', () => {
    const { text, summary } = imported('lstm-nested.pt');
    const parsed = parseSpecText(text, { fileName: 'lstm-nested.rnn.json' });
    assert.deepEqual(parsed.problems.filter((p) => p.severity !== 'info'), []);
    const spec = parsed.spec!;
    assert.deepEqual([spec.model.cell, spec.model.inputSize, spec.model.hiddenSize, spec.model.outputSize, spec.model.numLayers], ['lstm', 2, 3, 2, 2]);
    const expected = expectedTensors()['lstm-nested.pt'];
    assert.deepEqual(spec.model.weights!.weight_ih_l1, expected['encoder.rnn.weight_ih_l1'].values);
    assert.deepEqual(spec.model.weights!['fc.bias'], expected['head.bias'].values);
    assert.equal(spec.data.sequences[0].inputs[0].length, 2);
    assert.ok(Number.isFinite(run(spec).loss));
    assert.match(summary, /lstm, 2 layers, input 2, hidden 3, 2 outputs \(prefix "encoder\.rnn\.", head "head\."\)/);
    assert.match(text, /\n {8}\[-?0\.\d+, -?0\.\d+\],\n/, 'one matrix row per line');
  });

  it("an rnn says its nonlinearity is assumed, unless it is given", () => {
    const tanh = imported('rnn.pt');
    assert.match(tanh.text, /"nonlinearity": "tanh"/);
    assert.match(tanh.warnings.join(' '), /does not record an rnn's nonlinearity/);
    const relu = imported('rnn.pt', { nonlinearity: 'relu' });
    assert.match(relu.text, /"nonlinearity": "relu"/);
    assert.deepEqual(relu.warnings, []);
    assert.doesNotMatch(imported('gru-float64.pt').text, /nonlinearity/);
  });

  it('without a head, fc comes from a seeded init, and a warning says so', () => {
    const { text, warnings } = imported('bare-lstm.pt');
    assert.match(text, /"init": \{/);
    assert.doesNotMatch(text, /fc\.weight/);
    assert.match(warnings[0], /No nn\.Linear head/);
    assert.ok(parseSpecText(text).spec);
  });

  it('asks to choose when there are several candidates', () => {
    const result = specFromCheckpoint(fixtureBytes('two-rnns.pt'), 'two-rnns.pt');
    assert.equal(result.kind, 'choose');
    assert.deepEqual(result.kind === 'choose' && result.candidates.map((c) => c.value), ['encoder.rnn.', 'decoder.rnn.']);
    assert.match(result.kind === 'choose' ? result.candidates[0].description : '', /^lstm, input 2, hidden 3$/);
    assert.equal(imported('two-rnns.pt', { prefix: 'encoder.rnn.', head: 'aux.' }).text.includes('"outputSize": 2'), true);
  });

  it('an error names the file and says what to do', () => {
    const result = specFromCheckpoint(fixtureBytes('whole-module.pt'), 'models/whole-module.pt');
    assert.equal(result.kind, 'error');
    assert.match(result.kind === 'error' ? result.message : '', /^whole-module\.pt: This file holds a pickled object of class __main__\.Seq/);
  });

  it('refuses a model over the size limits before reading its numbers', () => {
    const result = specFromCheckpoint(syntheticRnn(300, 1), 'wide.safetensors');
    assert.equal(result.kind, 'error');
    assert.match(result.kind === 'error' ? result.message : '', /hiddenSize is 300, over Unroll's limit of 256/);
  });

  it('weights too many to write out: the spec refers to the checkpoint instead, and still checks', function () {
    this.timeout(60_000);
    const bytes = syntheticRnn(250, 200);
    const { text, warnings } = imported('big.safetensors', { reference: 'models/big.safetensors' }, bytes);
    assert.match(text, /"weights": \{\n {6}"file": "models\/big\.safetensors",\n {6}"prefix": "rnn\."\n {4}\}/);
    assert.match(warnings.join(' '), /too many to write into a spec/);
    const parsed = parseSpecText(text, { readFile: preloadedFiles(new Map([['models/big.safetensors', bytes]])) });
    assert.equal(parsed.spec?.model.weights?.weight_hh_l0.length, 250);
  });
});
