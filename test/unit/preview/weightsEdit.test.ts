import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { weightsEdits } from '../../../src/training/weightsEdit';

const weights = { weight_hh_l0: [[0.1, -2.5e-7], [3, 4]], 'fc.bias': [0.30000000000000004] };

describe('save trained weights', () => {
  it('replaces existing weights, keeping comments and everything else, at full precision', () => {
    const text = '{\n  // my model\n  "name": "x",\n  "model": {\n    "cell": "rnn",\n    "weights": { "old": [[1]] }\n  }\n}\n';
    const out = applyEdits(text, weightsEdits(text, weights));
    assert.match(out, /\/\/ my model/);
    assert.deepEqual(parse(out).model.weights, weights);
    assert.equal(parse(out).name, 'x');
  });

  it('inserts weights into a spec that had only an init, writing one matrix row per line', () => {
    const text = '{\n  "model": {\n    "cell": "rnn",\n    "init": { "seed": 1 }\n  }\n}\n';
    const out = applyEdits(text, weightsEdits(text, weights));
    assert.deepEqual(parse(out).model.weights, weights);
    assert.match(out, /\n\s+\[0\.1, -2\.5e-7\],\n\s+\[3, 4\]\n/);
  });
});

describe('save trained weights keeps the layout and writes the shortest exact numbers', () => {
  const trained = {
    weight_ih_l0: [[1.8000000000000003]],
    weight_hh_l0: [[-0.49999999999999994]],
    bias_ih_l0: [-0],
    bias_hh_l0: [0.1],
    'fc.weight': [[1.1]],
    'fc.bias': [2],
  };

  it('a one-line [[2]] stays on one line, and every weight is replaced where it is written', () => {
    const text = [
      '{',
      '  "model": {',
      '    "weights": {',
      '      "weight_ih_l0": [[1]], "weight_hh_l0": [[2]], "bias_ih_l0": [0], "bias_hh_l0": [0],',
      '      "fc.weight": [[1]], "fc.bias": [0] // the head',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const out = applyEdits(text, weightsEdits(text, trained));
    assert.equal(
      out,
      text
        .replace('[[1]], "weight_hh_l0": [[2]], "bias_ih_l0": [0], "bias_hh_l0": [0]', '[[1.8000000000000003]], "weight_hh_l0": [[-0.49999999999999994]], "bias_ih_l0": [-0], "bias_hh_l0": [0.1]')
        .replace('"fc.weight": [[1]], "fc.bias": [0]', '"fc.weight": [[1.1]], "fc.bias": [2]'),
    );
  });

  it('a matrix written one row per line stays so, at its own indentation', () => {
    const text = '{\n\t"model": {\n\t\t"weights": {\n\t\t\t"weight_hh_l0": [\n\t\t\t\t[1,2],\n\t\t\t\t[3,4]\n\t\t\t],\n\t\t\t"fc.bias": [0]\n\t\t}\n\t}\n}\n';
    const out = applyEdits(text, weightsEdits(text, { weight_hh_l0: [[0.5, 0.25], [-1, 1e-7]], 'fc.bias': [3] }));
    assert.equal(out, '{\n\t"model": {\n\t\t"weights": {\n\t\t\t"weight_hh_l0": [\n\t\t\t\t[0.5,0.25],\n\t\t\t\t[-1,1e-7]\n\t\t\t],\n\t\t\t"fc.bias": [3]\n\t\t}\n\t}\n}\n');
  });

  it('every number is the shortest decimal that reads back as the same float64', () => {
    const values = [0.1 + 0.2, 1 / 3, -0, 5e-324, 1.7976931348623157e308, 2, -2.5e-7, 123456789.12345679];
    const text = '{"model": {"weights": {"fc.bias": [0]}}}';
    const out = applyEdits(text, weightsEdits(text, { 'fc.bias': values }));
    const written = /"fc.bias": \[(.*)\]/.exec(out)![1].split(', ');
    written.forEach((digits, k) => {
      assert.ok(Object.is(Number(digits), values[k]), `${digits} reads back as ${values[k]}`);
      const significant = digits.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
      for (let p = 1; p < Math.max(1, significant.length); p++) {
        assert.ok(Number(values[k].toPrecision(p)) !== values[k], `${digits}: ${p} digits would do`);
      }
    });
  });

  it('a weight the spec did not write is added after its siblings, in their style', () => {
    const text = '{\n  "model": {\n    "init": { "seed": 1 },\n    "weights": {\n      "weight_hh_l0": [[2]]\n    }\n  }\n}\n';
    const out = applyEdits(text, weightsEdits(text, { weight_hh_l0: [[1.5]], 'fc.bias': [0.25] }));
    assert.equal(out, '{\n  "model": {\n    "init": { "seed": 1 },\n    "weights": {\n      "weight_hh_l0": [[1.5]],\n      "fc.bias": [0.25]\n    }\n  }\n}\n');
  });
});
