import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, parseSpec } from '../../../src/spec/index';
import { EXAMPLES_DIR, errors } from './helpers/specs';

const STATQUEST = readFileSync(join(EXAMPLES_DIR, 'statquest-stock.rnn.json'), 'utf8');
const SINE = readFileSync(join(EXAMPLES_DIR, 'sine.rnn.json'), 'utf8');

/** One mistake each, as a beginner might make it, in an example that is otherwise valid. */
const MISTAKES: [title: string, base: string, from: string, to: string][] = [
  ['a misspelt cell', STATQUEST, '"cell": "rnn"', '"cell": "rnm"'],
  ['a misspelt nonlinearity', STATQUEST, '"nonlinearity": "relu"', '"nonlinearity": "ReLU"'],
  ['a quoted size', STATQUEST, '"hiddenSize": 1', '"hiddenSize": "1"'],
  ['a fractional size', STATQUEST, '"hiddenSize": 1', '"hiddenSize": 1.5'],
  ['a missing size', STATQUEST, '"hiddenSize": 1,', ''],
  ['a misspelt property', STATQUEST, '"outputSize"', '"outputsize"'],
  ['an unknown top-level property', STATQUEST, '"version": 1,', '"version": 1, "colour": "red",'],
  ['a weight of the wrong shape', STATQUEST, '"weight_hh_l0": [[-0.5]]', '"weight_hh_l0": [[-0.5, 1]]'],
  ['a weight as a plain number list', STATQUEST, '"fc.weight": [[1.1]]', '"fc.weight": [1.1]'],
  ['a misspelt weight name', STATQUEST, '"weight_hh_l0"', '"weight_hh_lO"'],
  ['a weight for a missing layer', STATQUEST, '"fc.bias": [0]', '"fc.bias": [0], "bias_hh_l1": [0]'],
  ['a wrong version', STATQUEST, '"version": 1', '"version": 0'],
  ['a missing version', STATQUEST, '"version": 1,', ''],
  ['a target of the wrong size', STATQUEST, '"target": [1] }', '"target": [1, 0] }'],
  ['a sequence without target', STATQUEST, '{ "inputs": [[0], [0]], "target": [0] }', '{ "inputs": [[0], [0]] }'],
  ['targets where a target belongs', STATQUEST, '{ "inputs": [[0], [0]], "target": [0] }', '{ "inputs": [[0], [0]], "targets": [[0], [0]] }'],
  ['a misspelt loss', STATQUEST, '"type": "mse"', '"type": "MSE"'],
  ['momentum with adam', STATQUEST, '"optimizer": "sgd"', '"optimizer": "adam", "momentum": 0.9'],
  ['a view past the data', STATQUEST, '"sequence": 1', '"sequence": 7'],
  ['a second data source', STATQUEST, '"data": {', '"data": { "generate": { "inputs": ["t"], "target": "0", "length": 3 },'],
  ['a misspelt generate key', SINE, '"target": "sin(T / 5 + s)"', '"targets": "sin(T / 5 + s)"'],
  ['too few input formulas', SINE, '"inputs": ["sin(t / 5 + s)"]', '"inputs": ["sin(t / 5 + s)", "cos(t)"]'],
  ['a hidden size over the limit', SINE, '"hiddenSize": 4', '"hiddenSize": 4000'],
  ['a missing generate length', SINE, '"length": 30,', ''],
];

describe('quick fixes', () => {
  for (const [title, base, from, to] of MISTAKES) {
    it(`${title}: each fix removes its problem, and following the first fixes gives a valid spec`, () => {
      assert.ok(base.includes(from), `${from} is in the example`);
      const broken = base.replace(from, to);
      const result = parseSpec(broken);
      const fixable = result.problems.filter((p) => p.fixes && p.fixes.length > 0);
      assert.ok(fixable.length > 0, `a fix is offered for: ${result.problems.map((p) => p.message).join(' | ')}`);
      for (const problem of fixable) {
        for (const fix of problem.fixes!) {
          const after = parseSpec(applyFix(broken, fix));
          const same = after.problems.filter((p) => p.code === problem.code && JSON.stringify(p.path) === JSON.stringify(problem.path) && p.message === problem.message);
          assert.deepEqual(same, [], `"${fix.title}" removes "${problem.message}"`);
        }
      }
      // What a user does: take the first fix of the first problem, again and again.
      let text = broken;
      for (let round = 0; round < 5 && errors(parseSpec(text)).length > 0; round++) {
        const next = parseSpec(text).problems.find((p) => p.severity === 'error' && p.fixes?.length);
        if (!next) break;
        text = applyFix(text, next.fixes![0]);
      }
      const final = parseSpec(text);
      assert.deepEqual(errors(final).map((p) => p.message), [], `after following the fixes:\n${text}`);
      assert.ok(final.spec);
    });
  }

  it('applyFix applies several edits from the end so offsets stay valid', () => {
    const text = 'abcdef';
    const fixed = applyFix(text, { title: 't', edits: [{ offset: 1, length: 1, newText: 'XX' }, { offset: 4, length: 2, newText: '' }] });
    assert.equal(fixed, 'aXXcd');
  });
});
