// Formulas on the whitelist that must work, empty ones that must say so, and CSV values near the float64 limit.
import * as assert from 'node:assert/strict';
import { compileFormula } from '../../../src/spec/expressions';
import { scaleValue, scalingTransform } from '../../../src/spec/data/csv';
import { parseSpec } from '../../../src/spec/index';
import { textFiles } from '../../../src/spec/files';
import { baseSpec, text } from './helpers/specs';

const at = (t: number, s = 0, T = 10) => ({ t, s, T });

describe('formulas: element-wise operators and empty formulas', () => {
  for (const [formula, value] of [
    ['t .* 3', 6],
    ['t ./ 4', 0.5],
    ['t .^ 3', 8],
    ['(t .* s) ./ (1 + 1)', 2],
    ['2 .* (t .^ 2)', 8],
  ] as const) {
    it(`${formula} computes as its scalar operator does`, () => {
      const compiled = compileFormula(formula);
      assert.ok(compiled.ok, compiled.ok ? '' : compiled.message);
      assert.equal(compiled.evaluate(at(2, 2)), value);
    });
  }

  it('a generate spec with .* runs to a spec', () => {
    const spec = { ...baseSpec(), data: { generate: { inputs: ['t .* 0.5'], target: 'T ./ 2', length: 3 } } };
    const result = parseSpec(text(spec));
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(result.spec!.data.sequences[0].inputs, [[0], [0.5], [1]]);
  });

  for (const [formula, message] of [
    ['', /empty/],
    ['   ', /empty/],
    ['\t\n', /empty/],
    ['null', /null is not a number/],
    ['t + null', /null is not a number/],
  ] as const) {
    it(`${JSON.stringify(formula)} says what is wrong (not "no text in quotes")`, () => {
      const compiled = compileFormula(formula);
      assert.equal(compiled.ok, false);
      assert.match(compiled.ok ? '' : compiled.message, message);
      assert.doesNotMatch(compiled.ok ? '' : compiled.message, /text in quotes/);
    });
  }
});

describe('csv scaling near the float64 limit', () => {
  const csvSpec = (scaling: string) => ({ ...baseSpec(), data: { csv: { file: 'big.csv', columns: ['x'], targetColumn: 'x', window: 2, horizon: 1, scaling } } });

  it('min-max over values whose span overflows: a problem at the file, not NaN inputs', () => {
    const files = textFiles({ 'big.csv': 'x\n1.7e308\n-1.7e308\n1e308\n0\n' });
    const result = parseSpec(text(csvSpec('minmax')), { readFile: files });
    const problem = result.problems.find((p) => p.severity === 'error');
    assert.ok(problem, 'an error');
    assert.deepEqual(problem.path, ['data', 'csv', 'file']);
    assert.match(problem.message, /float64/);
    assert.equal(result.spec, undefined);
  });

  it('min-max whose span fits, and z-score of huge values: finite inputs in the usual ranges', () => {
    const files = textFiles({ 'big.csv': 'x\n1.7e308\n-1.7e308\n1e308\n0\n' });
    const z = parseSpec(text(csvSpec('zscore')), { readFile: files });
    assert.deepEqual(z.problems.filter((p) => p.severity === 'error'), []);
    const values = z.spec!.data.sequences.flatMap((s) => s.inputs.flat());
    assert.ok(values.every((v) => Number.isFinite(v) && Math.abs(v) < 3), JSON.stringify(values));
    const near = parseSpec(text(csvSpec('minmax')), { readFile: textFiles({ 'big.csv': 'x\n1.7e308\n1.6e308\n1.5e308\n1.4e308\n' }) });
    assert.ok(near.spec!.data.sequences.every((s) => s.inputs.flat().every((v) => v >= 0 && v <= 1)));
  });

  it('the z-score transform of huge values is the exact one, scaled', () => {
    const huge = scalingTransform([1e308, -1e308, 5e307, -5e307], 'zscore');
    const small = scalingTransform([1, -1, 0.5, -0.5], 'zscore');
    assert.ok(Math.abs(huge.scale / 1e308 - small.scale) < 1e-12);
    assert.equal(scaleValue(1e308, huge), scaleValue(1, small));
  });
});
