import * as assert from 'node:assert/strict';
import { locateTarget, targetAtOffset } from '../../../src/preview/specLocations';

const text = `{
  // comments are fine
  "model": { "weights": { "weight_hh_l0": [[2]] } },
  "data": { "sequences": [ { "inputs": [[0], [1]], "target": [1] } ] },
}`;

describe('spec locations', () => {
  it('finds a weight, a sequence and a step in the text', () => {
    const w = locateTarget(text, { kind: 'weight', name: 'weight_hh_l0' });
    assert.equal(text.slice(w!.offset, w!.offset + w!.length), '[[2]]');
    const step = locateTarget(text, { kind: 'step', sequence: 0, step: 1 });
    assert.equal(text.slice(step!.offset, step!.offset + step!.length), '[1]');
    const sequence = locateTarget(text, { kind: 'sequence', sequence: 0 });
    assert.equal(text.slice(sequence!.offset, sequence!.offset + sequence!.length), '{ "inputs": [[0], [1]], "target": [1] }');
    assert.equal(locateTarget(text, { kind: 'sequence', sequence: 5 }), undefined);
  });

  it('says what the cursor is on', () => {
    assert.deepEqual(targetAtOffset(text, text.indexOf('[[2]]') + 2), { kind: 'weight', name: 'weight_hh_l0' });
    assert.deepEqual(targetAtOffset(text, text.indexOf('[1]]') + 1), { kind: 'step', sequence: 0, step: 1 });
    assert.equal(targetAtOffset(text, 3), null);
  });
});
