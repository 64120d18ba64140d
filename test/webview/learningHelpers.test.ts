// The pure helpers behind the learning views: decimating a long curve without losing its extremes or its breaks,
// the kept epoch nearest the slider, class predictions and their probability bands, percentages for people.
import * as assert from 'node:assert/strict';
import { bandOf, classLabel, predictedAt, stepCharacters, targetAt, topAt } from '../../webview/lib/classes';
import { decimate } from '../../webview/lib/decimate';
import { pct } from '../../webview/lib/format';
import { nearestKept } from '../../webview/lib/replay';

describe('webview helpers for learning', () => {
  it('decimate keeps a short series whole', () => {
    assert.deepEqual(decimate([3, 1, 2], 10), [0, 1, 2]);
  });

  it('decimate keeps every bucket\'s first, lowest, highest and last point, in order, and the breaks', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 1 + Math.sin(i / 50));
    values[1234] = 100; // a spike
    values[5678] = 1e-9; // a dip
    values[7000] = NaN; // a break in the line
    const picked = decimate(values, 400);
    assert.ok(picked.length <= 500, `${picked.length} points`);
    assert.deepEqual([...picked].sort((a, b) => a - b), picked, 'ascending');
    assert.equal(new Set(picked).size, picked.length, 'no repeats');
    for (const i of [0, 1234, 5678, 7000, 9999]) assert.ok(picked.includes(i), `keeps point ${i}`);
  });

  it('nearestKept snaps the slider to a kept epoch, the earlier on a tie', () => {
    const kept = [0, 8, 16, 24, 30];
    assert.equal(nearestKept(kept, 19), 16);
    assert.equal(nearestKept(kept, 20), 16);
    assert.equal(nearestKept(kept, 21), 24);
    assert.equal(nearestKept(kept, 29), 30);
    assert.equal(nearestKept([], 5), 0);
  });

  it('names classes by their characters (visible symbols) or numbers, and ranks them', () => {
    const text = { classes: { probabilities: [[0.1, 0.6, 0.3], [0.2, 0.2, 0.6]], labels: [' ', 'a', '\n'] }, targets: [[2], null], characters: ['a', '\n', ' '] };
    assert.equal(classLabel(text, 0), '␣');
    assert.equal(classLabel(text, 2), '↵');
    assert.equal(classLabel({ classes: { probabilities: [] } }, 2), '2');
    assert.deepEqual(topAt(text, 0, 2).map((e) => [e.label, e.probability]), [['a', 0.6], ['↵', 0.3]]);
    assert.equal(predictedAt(text, 1), 2);
    assert.equal(predictedAt({ classes: { probabilities: [[0.4, 0.4, 0.2]] } }, 0), 0, 'the first on a tie, as argmax');
    assert.equal(targetAt(text, 0), 2);
    assert.equal(targetAt(text, 1), undefined);
    assert.deepEqual(stepCharacters(text, 0), { reads: 'a', predicts: '↵' });
    assert.equal(stepCharacters(text, 2), undefined, 'the last character is only read as a target');
  });

  it('bands a probability and writes it as a percentage', () => {
    assert.deepEqual([0.9, 0.5, 0.3, 0.1, 0.01].map(bandOf), ['sure', 'sure', 'likely', 'unsure', 'surprising']);
    assert.deepEqual([0.41, 0.032, 0.0004, 0, 1].map(pct), ['41%', '3.2%', '<0.1%', '0%', '100%']);
  });
});
