import * as assert from 'node:assert/strict';
import { preloadedFiles, SpecFileError } from '../../../src/spec/files';
import type { ParseOptions } from '../../../src/spec/types';
import { expectedTensors, fixtureBytes } from '../checkpoint/helpers';
import { applyNamedFix, assertRange, assertValid, baseSpec, errors, only, parse, text } from './helpers/specs';

/** The checkpoint fixtures as the files next to the spec. */
const FILES: ParseOptions = {
  readFile: preloadedFiles(
    new Map<string, Uint8Array | SpecFileError>([
      ['model.pt', fixtureBytes('lstm-nested.pt')],
      ['two.pt', fixtureBytes('two-rnns.pt')],
      ['whole.pt', fixtureBytes('whole-module.pt')],
      ['bidirectional.pt', fixtureBytes('bidirectional.pt')],
      ['bare.pt', fixtureBytes('bare-lstm.pt')],
      ['huge.pt', new SpecFileError('EFBIG', 'huge.pt is too large')],
    ]),
  ),
};

/** lstm-nested.pt: an lstm at "encoder.rnn." (2 → 3, 2 layers) and the head "head." (2 outputs). */
function lstmSpec(weights: Record<string, unknown>, model: Record<string, unknown> = {}) {
  const spec = baseSpec();
  spec.model = { cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 2, numLayers: 2, weights, ...model };
  const { inputSize, outputSize } = spec.model as { inputSize: number; outputSize: number };
  spec.data = { sequences: [{ inputs: [new Array(inputSize).fill(0.5)], target: new Array(outputSize).fill(1) }] };
  return text(spec);
}

describe('model.weights from a checkpoint', () => {
  it('reads the named module and head: the same numbers PyTorch saved, and where they came from', () => {
    const result = parse(lstmSpec({ file: 'model.pt', prefix: 'encoder.rnn.', head: 'head.' }), FILES);
    assertValid(result);
    const expected = expectedTensors()['lstm-nested.pt'];
    assert.deepEqual(result.spec!.model.weights!.weight_hh_l1, expected['encoder.rnn.weight_hh_l1'].values);
    assert.deepEqual(result.spec!.model.weights!['fc.weight'], expected['head.weight'].values);
    assert.deepEqual(result.spec!.weightsSource, { kind: 'checkpoint', file: 'model.pt', format: 'pytorch', prefix: 'encoder.rnn.', head: 'head.' });
  });

  it('needs no prefix or head when the checkpoint has one candidate each', () => {
    assertValid(parse(lstmSpec({ file: 'model.pt' }), FILES));
  });

  it('a size that differs from the checkpoint: an error on that size, fixed by setting it to the checkpoint\'s', () => {
    const source = lstmSpec({ file: 'model.pt' }, { hiddenSize: 4 });
    const problem = only(parse(source, FILES), 'shape', ['model', 'hiddenSize']);
    assertRange(source, problem, '4');
    assert.match(problem.message, /model\.pt holds hiddenSize 3 \(encoder\.rnn\.weight_hh_l0 has 3 columns\), but this spec says 4/);
    assertValid(applyNamedFix(source, problem, 'Set model.hiddenSize to 3', FILES).result);
  });

  it('the wrong cell, and numLayers left out: each on its own field, each with its fix', () => {
    const source = lstmSpec({ file: 'model.pt' }, { cell: 'gru', numLayers: undefined });
    const result = parse(source, FILES);
    const cell = only(result, 'shape', ['model', 'cell']);
    assert.match(cell.message, /holds an lstm \(encoder\.rnn\.weight_hh_l0 has 4 blocks of 3 rows\), but this spec says "gru"/);
    const layers = only(result, 'shape', ['model', 'numLayers']);
    assert.match(layers.message, /holds numLayers 2 \(it has encoder\.rnn\.weight_ih_l0 … encoder\.rnn\.weight_ih_l1\), but this spec says 1/);
    assertRange(source, layers, '"model"');
    const once = applyNamedFix(source, cell, 'Set model.cell to "lstm"', FILES);
    const again = only(once.result, 'shape', ['model', 'numLayers']);
    assertValid(applyNamedFix(once.text, again, 'Set model.numLayers to 2', FILES).result);
  });

  it('several modules and no prefix: an error on "weights" whose fixes name each candidate', () => {
    const source = lstmSpec({ file: 'two.pt' }, { numLayers: 1, outputSize: 1 });
    const problem = only(parse(source, FILES), 'checkpoint', ['model', 'weights']);
    assertRange(source, problem, '"weights"');
    assert.deepEqual(problem.fixes?.map((f) => f.title), ['Use prefix "encoder.rnn." (lstm, input 2, hidden 3)', 'Use prefix "decoder.rnn." (gru, input 3, hidden 3)']);
    const next = applyNamedFix(source, problem, /encoder/, FILES);
    const head = only(next.result, 'checkpoint', ['model', 'weights']);
    assert.match(head.message, /2 nn\.Linear layers that could be the head: "head\." .*"aux\."/);
    assertValid(applyNamedFix(next.text, head, /"head\."/, FILES).result);
  });

  it('a prefix or head that is not in the file: the error is on that value', () => {
    const prefix = lstmSpec({ file: 'model.pt', prefix: 'encoder.' });
    const problem = only(parse(prefix, FILES), 'checkpoint', ['model', 'weights', 'prefix']);
    assertRange(prefix, problem, '"encoder."');
    assertValid(applyNamedFix(prefix, problem, /encoder\.rnn\./, FILES).result);
    const head = lstmSpec({ file: 'model.pt', head: 'fc.' });
    assert.match(only(parse(head, FILES), 'checkpoint', ['model', 'weights', 'head']).message, /The head "fc\." is not in this checkpoint/);
  });

  it('a file that cannot be read or used: the error is on "file", and says why', () => {
    const cases: [string, RegExp][] = [
      ['missing.pt', /Cannot find "missing\.pt"/],
      ['huge.pt', /larger than the limit of 100,000,000 bytes/],
      ['whole.pt', /whole\.pt: This file holds a pickled object of class __main__\.Seq.*state_dict/],
      ['bidirectional.pt', /"rnn\." is bidirectional.*cannot run yet/],
    ];
    for (const [file, message] of cases) {
      const source = lstmSpec({ file });
      const problem = errors(parse(source, FILES)).find((p) => p.path.join('.').startsWith('model.weights'));
      assert.ok(problem, file);
      assert.match(problem.message, message);
    }
    const unsaved = only(parse(lstmSpec({ file: 'model.pt' }), {}), 'file', ['model', 'weights', 'file']);
    assert.match(unsaved.message, /not saved in a folder/);
  });

  it('no head in the checkpoint: fc comes from init, with a warning on "weights"', () => {
    const source = lstmSpec({ file: 'bare.pt' }, { inputSize: 2, hiddenSize: 2, numLayers: 1, outputSize: 1 });
    const result = parse(source, FILES);
    assertValid(result);
    assert.equal(only(result, 'checkpoint', ['model', 'weights']).severity, 'warning');
    assert.equal(result.spec!.model.weights!['fc.weight'], undefined);
  });

  it('the schema checks the reference: a misspelt key, a file that is not text', () => {
    const misspelt = only(parse(lstmSpec({ file: 'model.pt', prefx: 'encoder.rnn.' }), FILES), 'schema', ['model', 'weights', 'prefx']);
    assert.match(misspelt.message, /has no property "prefx"\. Did you mean "prefix"\?/);
    const number = only(parse(lstmSpec({ file: 3 }), FILES), 'schema', ['model', 'weights', 'file']);
    assert.match(number.message, /model\.weights\.file must be a string/);
  });
});
