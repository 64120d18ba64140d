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
