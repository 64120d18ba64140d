import * as assert from 'node:assert/strict';
import { parseSpec } from '../../../src/spec/index';
import { applyNamedFix, assertRange, assertValid, baseSpec, errors, fixtureSpecs, only, text } from './helpers/specs';

function lstmSpec(): Record<string, any> {
  const fixture = fixtureSpecs().find((f) => f.file === 'lstm-small.json')!.spec;
  return { version: 1, ...structuredClone(fixture) };
}

describe('spec semantics', () => {
  describe('weights', () => {
    it('a matrix of the wrong shape: the message says the size, why, and what was found', () => {
      const spec = lstmSpec(); // lstm, inputSize 2, hiddenSize 3
      spec.model.weights.weight_hh_l0 = spec.model.weights.weight_hh_l0.map((row: number[]) => row.slice(0, 2));
      const source = text(spec);
      const problem = only(parseSpec(source), 'shape', ['model', 'weights', 'weight_hh_l0']);
      assert.equal(
        problem.message,
        'weight_hh_l0 must be 12×3 (4·hiddenSize × hiddenSize for an lstm: one block of hiddenSize rows per gate i, f, g, o), found 12×2.',
      );
      const node = JSON.stringify(spec.model.weights.weight_hh_l0, null, 2);
      assert.equal(problem.length > node.length - 200, true);
      assert.equal(source.slice(problem.offset, problem.offset + 1), '[');
      assert.equal(source.slice(problem.offset + problem.length - 1, problem.offset + problem.length), ']');
      assert.equal(JSON.stringify(JSON.parse(source.slice(problem.offset, problem.offset + problem.length))), JSON.stringify(spec.model.weights.weight_hh_l0));
    });

    it('the seeded-default fix replaces "weights" with "init" and gives a valid spec', () => {
      const spec = lstmSpec();
      spec.model.weights.bias_ih_l0 = [0, 0];
      const source = text(spec);
      const problem = only(parseSpec(source), 'shape', ['model', 'weights', 'bias_ih_l0']);
      assert.match(problem.message, /bias_ih_l0 must be a list of 12 numbers \(4·hiddenSize for an lstm: .*\), found 2\./);
      const { text: fixed, result } = applyNamedFix(source, problem, /seeded default/);
      assertValid(result);
      assert.equal(result.spec!.model.weights, undefined);
      assert.deepEqual(result.spec!.model.init, { scheme: 'pytorch', seed: 0 });
      assert.doesNotMatch(fixed, /"weights"/);
    });

    it('the seeded-default fix keeps an existing "init"', () => {
      const spec = baseSpec();
      spec.model.init = { scheme: 'xavier', seed: 4 };
      spec.model.weights = { 'fc.weight': [[1]] };
      const source = text(spec);
      const problem = only(parseSpec(source), 'shape', ['model', 'weights', 'fc.weight']);
      assert.match(problem.message, /fc.weight must be 1×2 \(outputSize × hiddenSize\), found 1×1/);
      const { result } = applyNamedFix(source, problem, /seeded default/);
      assertValid(result);
      assert.deepEqual(result.spec!.model.init, { scheme: 'xavier', seed: 4 });
    });

    it('a transposed matrix is called transposed', () => {
      const spec = baseSpec();
      spec.model.weights = { 'fc.weight': [[1], [2]] };
      assert.match(only(parseSpec(text(spec)), 'shape').message, /found 2×1\. It looks transposed/);
    });

    it('a vector where a 1-row matrix belongs gets a "wrap in a row" fix', () => {
      const spec = baseSpec();
      spec.model.init = { seed: 1 };
      spec.model.weights = { 'fc.weight': [1, 2] };
      const source = text(spec);
      const problem = only(parseSpec(source), 'shape');
      assertValid(applyNamedFix(source, problem, 'Wrap in a row').result);
    });

    it('a weight left out with no "init" is an error on "weights", not a number drawn in secret', () => {
      const spec = baseSpec();
      spec.model.weights = { weight_ih_l0: [[1], [1]], weight_hh_l0: [[0.5, 0], [0, 0.5]], bias_ih_l0: [0, 0], 'fc.weight': [[1, 1]], 'fc.bias': [0] };
      const source = text(spec);
      const result = parseSpec(source);
      assert.equal(result.spec, undefined);
      const problem = only(result, 'missing-weight', ['model', 'weights']);
      assertRange(source, problem, '"weights"');
      assert.match(problem.message, /needs bias_hh_l0, and there is no "init" section/);

      const zeros = applyNamedFix(source, problem, 'Add bias_hh_l0 as zeros');
      assertValid(zeros.result);
      assert.deepEqual(zeros.result.spec!.model.weights!.bias_hh_l0, [0, 0]);
      assert.deepEqual(zeros.result.spec!.model.weights!.weight_hh_l0, [[0.5, 0], [0, 0.5]], 'the rest as written');

      const init = applyNamedFix(source, problem, /Add an "init" section/);
      assertValid(init.result);
      assert.deepEqual(JSON.parse(init.text).model.init, { scheme: 'pytorch', seed: 0 });
      assert.deepEqual(JSON.parse(init.text).model.weights, spec.model.weights, 'the weights as written');
    });

    it('with "init", a hint says which weights come from it', () => {
      const spec = baseSpec();
      spec.model.init = { scheme: 'xavier', seed: 3 };
      spec.model.weights = { weight_hh_l0: [[0.5, 0], [0, 0.5]] };
      const result = parseSpec(text(spec));
      assertValid(result);
      const hint = only(result, 'init', ['model', 'weights']);
      assert.equal(hint.severity, 'info');
      assert.equal(hint.message, 'weight_ih_l0, bias_ih_l0, bias_hh_l0, fc.weight and fc.bias are not given here, so they are drawn from init (xavier, seed 3).');
    });

    it('a misspelt weight is one problem (the rename), not also a missing one', () => {
      const spec = baseSpec();
      spec.model.weights = { weight_ih_l0: [[1], [1]], W_hh: [[0.5, 0], [0, 0.5]], bias_ih_l0: [0, 0], bias_hh_l0: [0, 0], 'fc.weight': [[1, 1]], 'fc.bias': [0] };
      const problems = errors(parseSpec(text(spec)));
      assert.deepEqual(problems.map((p) => p.code), ['weight-name']);
    });

    it('ragged rows are described', () => {
      const spec = baseSpec();
      spec.model.weights = { weight_hh_l0: [[1, 2], [3]] };
      assert.match(only(parseSpec(text(spec)), 'shape').message, /rows of different lengths \(row 0 has 2 numbers, row 1 has 1\)/);
    });

    it('an unknown weight name: on the key, with a rename to the PyTorch name', () => {
      const spec = baseSpec();
      spec.model.init = { seed: 1 };
      spec.model.weights = { weight_hh_0: [[0.5, 0], [0, 0.5]] };
      const source = text(spec);
      const problem = only(parseSpec(source), 'weight-name', ['model', 'weights', 'weight_hh_0']);
      assertRange(source, problem, '"weight_hh_0"');
      assert.match(problem.message, /Did you mean "weight_hh_l0"/);
      assertValid(applyNamedFix(source, problem, 'Rename to "weight_hh_l0"').result);
    });

    it('textbook names are mapped to PyTorch names', () => {
      const spec = baseSpec();
      spec.model.weights = { W_hh: [[0.5, 0], [0, 0.5]] };
      assert.match(only(parseSpec(text(spec)), 'weight-name').message, /Did you mean "weight_hh_l0"/);
    });

    it('weights of a layer that does not exist', () => {
      const spec = baseSpec();
      spec.model.weights = { weight_hh_l1: [[0.5, 0], [0, 0.5]] };
      const source = text(spec);
      const problem = only(parseSpec(source), 'weight-name', ['model', 'weights', 'weight_hh_l1']);
      assertRange(source, problem, '"weight_hh_l1"');
      assert.match(problem.message, /layer 1, but numLayers is 1.*l0/);
    });

    it('layer 1 of a two-layer model reads the hidden state of layer 0', () => {
      const spec = baseSpec();
      spec.model.numLayers = 2;
      spec.model.inputSize = 3;
      spec.data.sequences[0].inputs = [[0, 0, 0]];
      spec.model.weights = { weight_ih_l1: [[1, 2, 3], [4, 5, 6]] };
      assert.match(only(parseSpec(text(spec)), 'shape').message, /weight_ih_l1 must be 2×2 \(hiddenSize × hiddenSize, since layer 1 reads layer 0's hidden state\), found 2×3/);
    });

    it('a nonlinearity on an lstm is a warning with a fix removing it', () => {
      const spec = lstmSpec();
      spec.model.nonlinearity = 'relu';
      const source = text(spec);
      const result = parseSpec(source);
      assert.ok(result.spec);
      const problem = only(result, 'unused', ['model', 'nonlinearity']);
      assert.equal(problem.severity, 'warning');
      assertRange(source, problem, '"nonlinearity"');
      assert.deepEqual(applyNamedFix(source, problem).result.problems, []);
    });
  });

  describe('inline data', () => {
    it('a step of the wrong width: on that step, with a fix to inputSize when all steps agree', () => {
      const spec = baseSpec();
      spec.data.sequences = [{ inputs: [[0, 1], [1, 2]], target: [1] }];
      const source = text(spec);
      const result = parseSpec(source);
      assert.equal(errors(result).length, 2);
      const problem = only(result, 'shape', ['data', 'sequences', 0, 'inputs', 1]);
      assert.match(problem.message, /Step 2 of sequence 1 has 2 numbers, but model.inputSize is 1/);
      assert.equal(JSON.stringify(JSON.parse(source.slice(problem.offset, problem.offset + problem.length))), '[1,2]');
      assertValid(applyNamedFix(source, problem, 'Set model.inputSize to 2').result);
    });

    it('many wrong steps are summarised after a few', () => {
      const spec = baseSpec();
      spec.data.sequences = [{ inputs: Array.from({ length: 100 }, () => [0, 0]), target: [1] }];
      const result = parseSpec(text(spec));
      assert.ok(errors(result).length <= 14);
      assert.ok(result.problems.some((p) => /88 more/.test(p.message)));
    });

    it('an mse target of the wrong size', () => {
      const spec = baseSpec();
      spec.data.sequences[0].target = [1, 2];
      const source = text(spec);
      const problem = only(parseSpec(source), 'target', ['data', 'sequences', 0, 'target']);
      assert.match(problem.message, /must have 1 number \(model.outputSize\), found 2/);
      assertValid(applyNamedFix(source, problem, 'Set model.outputSize to 2').result);
    });

    it('a scalar mse target is accepted for one output and normalised to a list', () => {
      const spec = baseSpec();
      spec.data.sequences[0].target = 0.5;
      assert.deepEqual(parseSpec(text(spec)).spec!.data.sequences[0].target, [0.5]);
    });

    it('a class index out of range for cross-entropy', () => {
      const spec = baseSpec();
      spec.model.outputSize = 3;
      spec.loss.type = 'cross-entropy';
      spec.data.sequences = [{ inputs: [[0]], target: 3 }, { inputs: [[0]], target: [1] }, { inputs: [[0]], target: 1.5 }];
      const source = text(spec);
      const result = parseSpec(source);
      assert.match(only(result, 'target', ['data', 'sequences', 0, 'target']).message, /class 3 does not exist: with outputSize 3 the classes are 0 to 2/);
      assertRange(source, only(result, 'target', ['data', 'sequences', 0, 'target']), '3', 1);
      assert.match(only(result, 'target', ['data', 'sequences', 2, 'target']).message, /whole number/);
      assert.equal(errors(result).length, 2);
    });

    it('cross-entropy targets are normalised to class indices', () => {
      const spec = baseSpec();
      spec.model.outputSize = 2;
      spec.loss.type = 'cross-entropy';
      spec.data.sequences = [{ inputs: [[0]], target: [1] }];
      assert.equal(parseSpec(text(spec)).spec!.data.sequences[0].target, 1);
    });

    it('loss.on = all needs one target per step', () => {
      const spec = baseSpec();
      spec.loss.on = 'all';
      spec.data.sequences = [{ inputs: [[0], [1], [2]], targets: [[0], [1]] }];
      const source = text(spec);
      const problem = only(parseSpec(source), 'target', ['data', 'sequences', 0, 'targets']);
      assert.match(problem.message, /2 targets but 3 steps/);
      assert.deepEqual(JSON.parse(source.slice(problem.offset, problem.offset + problem.length)), [[0], [1]]);
      assert.equal(source.slice(problem.offset - '"targets": '.length, problem.offset), '"targets": ');
    });

    it('"target" with loss.on = all: on the key, with a fix setting loss.on', () => {
      const spec = baseSpec();
      spec.loss.on = 'all';
      const source = text(spec);
      const problem = only(parseSpec(source), 'target', ['data', 'sequences', 0, 'target']);
      assertRange(source, problem, '"target"');
      assertValid(applyNamedFix(source, problem, /loss.on/).result);
    });

    it('a sequence with no target: on its opening brace, with a fix adding one', () => {
      const spec = baseSpec();
      delete spec.data.sequences[0].target;
      const source = text(spec);
      const problem = only(parseSpec(source), 'target', ['data', 'sequences', 0]);
      assert.equal(source[problem.offset], '{');
      assert.equal(problem.length, 1);
      assertValid(applyNamedFix(source, problem, 'Add a target').result);
    });
  });

  describe('limits', () => {
    it('too many parameters: on hiddenSize, saying which limit and why', () => {
      const spec = baseSpec();
      Object.assign(spec.model, { cell: 'lstm', hiddenSize: 200, numLayers: 4 });
      const source = text(spec);
      const problem = only(parseSpec(source), 'limit', ['model', 'hiddenSize']);
      assertRange(source, problem, '200');
      assert.match(problem.message, /weights, over the limit of 250,000: every weight gets a gradient/);
    });

    it('too much work per pass: on the data source', () => {
      const spec = baseSpec();
      Object.assign(spec.model, { cell: 'lstm', hiddenSize: 128 });
      spec.data = { generate: { inputs: ['t'], target: '0', length: 1000, count: 100 } };
      const source = text(spec);
      const problem = only(parseSpec(source), 'limit', ['data', 'generate']);
      assertRange(source, problem, '"generate"');
      assert.match(problem.message, /multiply-adds .* over the limit of 50,000,000: .*0\.1 s/);
    });

    it('too many steps in all', () => {
      const spec = baseSpec();
      spec.data = { generate: { inputs: ['t'], target: '0', length: 2000, count: 100 } };
      assert.match(only(parseSpec(text(spec)), 'limit').message, /200,000 time steps in all .* limit of 100,000/);
    });

    it('a sequence longer than the step limit', () => {
      const spec = baseSpec();
      spec.data.sequences[0].inputs = Array.from({ length: 2001 }, () => [0]);
      const problem = only(parseSpec(text(spec)), 'limit', ['data', 'sequences', 0, 'inputs']);
      assert.match(problem.message, /2001 items, over the limit of 2000: backpropagation through time keeps every step/);
    });
  });

  describe('training and view', () => {
    it('fills in training defaults', () => {
      const spec = parseSpec(text(baseSpec())).spec!;
      assert.deepEqual(spec.training, { optimizer: 'sgd', learningRate: 0.01, epochs: 100, seed: 0, momentum: 0 });
    });

    it('keeps training.precision, and refuses a number format the engine does not have', () => {
      assert.equal(parseSpec(text({ ...baseSpec(), training: { precision: 'float32' } })).spec!.training!.precision, 'float32');
      const wrong = parseSpec(text({ ...baseSpec(), training: { precision: 'float16' } }));
      assert.equal(wrong.spec, undefined);
      assert.ok(wrong.problems.some((p) => p.severity === 'error' && /precision/.test(JSON.stringify(p))), JSON.stringify(wrong.problems));
    });

    it('warns about adam settings with sgd', () => {
      const spec = { ...baseSpec(), training: { optimizer: 'sgd', beta1: 0.8 } };
      const source = text(spec);
      const problem = only(parseSpec(source), 'unused', ['training', 'beta1']);
      assertRange(source, problem, '"beta1"');
      assert.deepEqual(applyNamedFix(source, problem).result.problems, []);
    });

    it('a view.sequence past the data', () => {
      const source = text({ ...baseSpec(), view: { sequence: 3 } });
      const problem = only(parseSpec(source), 'range', ['view', 'sequence']);
      assertRange(source, problem, '3');
      assertValid(applyNamedFix(source, problem).result);
    });

    it('cross-entropy with a single output is an error with a fix', () => {
      const spec = baseSpec();
      spec.loss.type = 'cross-entropy';
      spec.data.sequences[0].target = 0;
      const source = text(spec);
      const problem = only(parseSpec(source), 'loss', ['model', 'outputSize']);
      assertValid(applyNamedFix(source, problem).result);
    });
  });

  describe('every problem in one pass', () => {
    it('a weight or a nonlinearity the schema refuses does not hide the data\'s problems', () => {
      const spec = baseSpec();
      spec.model.nonlinearity = 'relux';
      spec.model.init = { seed: 1 };
      spec.model.weights = { weight_hh_l0: [['x', 0], [0, 0.5]] };
      spec.data.sequences[0].inputs[1] = [1, 2];
      spec.training = { learningRate: -1 };
      const found = errors(parseSpec(text(spec))).map((p) => `${p.code} ${p.path.join('.')}`);
      assert.deepEqual(found, [
        'schema model.nonlinearity',
        'schema model.weights.weight_hh_l0.0.0',
        'shape data.sequences.0.inputs.1',
        'schema training.learningRate',
      ]);
    });

    it('a refused weight is not also called missing', () => {
      const spec = baseSpec();
      spec.model.weights = { weight_ih_l0: [[1], [1]], weight_hh_l0: [['x', 0], [0, 0.5]], bias_ih_l0: [0, 0], bias_hh_l0: [0, 0], 'fc.weight': [[1, 1]], 'fc.bias': [0] };
      assert.deepEqual(errors(parseSpec(text(spec))).map((p) => p.code), ['schema']);
    });

    it('wrong sizes still stop the checks that need them (they would only mislead)', () => {
      const spec = baseSpec();
      spec.model.hiddenSize = 0;
      spec.data.sequences[0].inputs[1] = [1, 2];
      assert.deepEqual(errors(parseSpec(text(spec))).map((p) => `${p.code} ${p.path.join('.')}`), ['schema model.hiddenSize']);
    });
  });
});
