// How "Unroll: Sample from Model" reads its three answers before any sampling runs.
import * as assert from 'node:assert/strict';
import { lengthOf, MAX_SAMPLE_LENGTH, primeProblem, temperatureOf } from '../../../src/commands/sampleSettings';

describe('sample settings', () => {
  const known = new Set(['I', 't', ' ', 'w', 'a', 's', '😀']);

  it('a prime of known characters (code points, an emoji too) is fine; an unknown one is named', () => {
    assert.equal(primeProblem('It was', known), undefined);
    assert.equal(primeProblem('😀 I', known), undefined);
    assert.match(primeProblem('It is', known) ?? '', /Not in the training text: "i".*its 7 characters/);
    assert.match(primeProblem('', known) ?? '', /at least one character/);
  });

  it('a length is a whole number from 1 to the maximum', () => {
    assert.equal(lengthOf(' 200 '), 200);
    for (const bad of ['0', '2.5', 'x', '', String(MAX_SAMPLE_LENGTH + 1)]) assert.equal(lengthOf(bad), undefined, bad);
  });

  it('a temperature is a number ≥ 0; 0 is greedy', () => {
    assert.equal(temperatureOf('0'), 0);
    assert.equal(temperatureOf('0.5'), 0.5);
    for (const bad of ['-1', '', 'warm', 'Infinity']) assert.equal(temperatureOf(bad), undefined, bad);
  });
});
