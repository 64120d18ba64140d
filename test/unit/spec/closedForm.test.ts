import * as assert from 'node:assert/strict';
import { nonlinearitySlope, scalarGradientFactor } from '../../../src/spec/closedForm';

describe('closed form of the scalar gradient factor', () => {
  it('w2 = 2 over 50 steps: 2^49 at step 1', () => {
    const factor = scalarGradientFactor({ recurrentWeight: 2, lastStep: 50, step: 1 });
    assert.equal(factor.symbolic, "(w2 · f') ^ (T - t)");
    assert.equal(factor.substituted, '(2 * 1) ^ (50 - 1)');
    assert.equal(factor.simplified, '2 ^ 49');
    assert.equal(factor.value, 2 ** 49);
    assert.ok(Math.abs(factor.log10Magnitude - 49 * Math.log10(2)) < 1e-12);
    assert.equal(factor.regime, 'exploding');
    assert.match(factor.tex, /w_2.*f'.*T-t/);
  });

  it('w2 = 0.5: vanishes as 0.5^(T - t)', () => {
    const factor = scalarGradientFactor({ recurrentWeight: 0.5, lastStep: 50, step: 1 });
    assert.equal(factor.simplified, '0.5 ^ 49');
    assert.equal(factor.value, 0.5 ** 49);
    assert.equal(factor.regime, 'vanishing');
  });

  it('a negative base keeps its parentheses and sign', () => {
    const factor = scalarGradientFactor({ recurrentWeight: -0.5, slope: 1, lastStep: 2, step: 1 });
    assert.equal(factor.simplified, '(-0.5) ^ 1');
    assert.equal(factor.value, -0.5);
  });

  it('the slope multiplies the base; at the last step the factor is 1', () => {
    assert.equal(scalarGradientFactor({ recurrentWeight: 2, slope: 0.25, lastStep: 5, step: 5 }).value, 1);
    assert.equal(scalarGradientFactor({ recurrentWeight: 2, slope: 0.25, lastStep: 5, step: 3 }).value, 0.25);
  });

  it('overflow is reported as Infinity but the magnitude stays finite', () => {
    const factor = scalarGradientFactor({ recurrentWeight: 10, lastStep: 400, step: 1 });
    assert.equal(factor.value, Infinity);
    assert.equal(factor.log10Magnitude, 399);
  });

  it('slopes of the nonlinearities', () => {
    assert.equal(nonlinearitySlope('relu', 0.3), 1);
    assert.equal(nonlinearitySlope('relu', -0.3), 0);
    assert.equal(nonlinearitySlope('identity', 5), 1);
    assert.equal(nonlinearitySlope('tanh', 0), 1);
    assert.equal(nonlinearitySlope('sigmoid', 0), 0.25);
  });
});
