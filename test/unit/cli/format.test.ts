import assert from 'node:assert/strict';
import { formatNumber, logBar, logRange } from '../../../src/cli/format';
import { fromJson, toJson } from '../../../src/cli/json';
import { classifySteps, describeSteps } from '../../../src/cli/steps';

describe('cli output helpers', () => {
  describe('toJson', () => {
    it('writes NaN and ±Infinity as strings and reads them back', () => {
      const text = toJson({ a: NaN, b: [Infinity, -Infinity, 1.5], c: new Float64Array([2]) });
      assert.equal(text, '{"a":"NaN","b":["Infinity","-Infinity",1.5],"c":[2]}');
      assert.deepEqual(fromJson(text), { a: NaN, b: [Infinity, -Infinity, 1.5], c: [2] });
    });
  });

  describe('classifySteps', () => {
    it('marks steps below the fraction of the largest as vanishing, above the limit or non-finite as exploding', () => {
      const flags = classifySteps([1e-9, 1e-3, 1, 2e6, NaN], { vanishing: 1e-6, exploding: 1e6 });
      // the largest finite norm is 2e6, so 1e-3 is below 1e-6 × 2e6 = 2 too
      assert.deepEqual(flags, ['vanishing', 'vanishing', 'vanishing', 'exploding', 'exploding']);
      assert.deepEqual(classifySteps([1e-9, 1e-3, 1], { vanishing: 1e-6, exploding: 1e6 }), ['vanishing', null, null]);
    });

    it('marks nothing vanishing when no gradient reaches the sequence', () => {
      assert.deepEqual(classifySteps([0, 0], { vanishing: 1e-6, exploding: 1e6 }), [null, null]);
    });
  });

  describe('describeSteps', () => {
    it('prints 1-based runs', () => assert.equal(describeSteps([0, 1, 2, 5, 7, 8]), '1–3, 6, 8–9'));
  });

  describe('logBar', () => {
    it('scales with the decade and flags non-finite values', () => {
      const range = logRange([1e-4, 1]);
      assert.deepEqual(range, { low: -4, high: 0 });
      assert.equal(logBar(1, range, 8).length, 8);
      assert.equal(logBar(1e-2, range, 8).length, 4);
      assert.equal(logBar(0, range, 8), '');
      assert.equal(logBar(Infinity, range, 8), '!!!!!!!!');
    });
  });

  describe('formatNumber', () => {
    it('uses exponents only for extreme magnitudes', () => {
      assert.equal(formatNumber(0.12345), '0.1235');
      assert.equal(formatNumber(1.7763568394002505e-15), '1.776e-15');
      assert.equal(formatNumber(NaN), 'NaN');
    });
  });
});
