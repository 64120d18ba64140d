import * as assert from 'node:assert/strict';
import { formatMilliseconds, formatNumber } from '../../../src/numbers';

describe('numbers for people (one helper for the views, the report and the status bar)', () => {
  it('writes a duration as a person reads it: "430 ms", not "4.3e+2 ms"', () => {
    assert.equal(formatMilliseconds(430.2), '430 ms');
    assert.equal(formatMilliseconds(12.34), '12 ms');
    assert.equal(formatMilliseconds(0.4213), '0.42 ms');
    assert.equal(formatMilliseconds(2512), '2.5 s');
  });

  it('never rounds a number with a long integer part into exponent form below 1e4', () => {
    assert.equal(formatNumber(430, 2), '430');
    assert.equal(formatNumber(999.99, 3), '1000');
    assert.equal(formatNumber(1234.5, 3), '1235');
    assert.equal(formatNumber(12345.6, 3), '1.23e+4');
  });

  it('writes a float64 with round-off as its few digits: 5e-5, not 0.00004999999999999898', () => {
    assert.equal(formatNumber(0.00004999999999999898, 2), '5e-5');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(-0.0012345, 3), '-0.00123');
  });

  it('spells out what is not a number and keeps zero plain', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 0, -0].map((n) => formatNumber(n)), ['NaN', '∞', '-∞', '0', '0']);
  });
});
