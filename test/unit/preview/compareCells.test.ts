import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/spec';
import { compareCells, gradNormByDistance } from '../../../src/analysis/compareCells';

const examples = join(__dirname, '..', '..', '..', 'examples');

describe('compare cells', () => {
  it('averages each distance from the end over sequences of different lengths', () => {
    assert.deepEqual(gradNormByDistance([[1, 2, 3], [10, 20]]), [11.5, 6, 1]);
  });

  it('keeps more gradient alive far from the end with lstm and gru than with rnn', () => {
    const { spec } = parseSpec(readFileSync(join(examples, 'long-range-rnn.rnn.json'), 'utf8'), { baseDir: examples });
    assert.ok(spec);
    const { curves } = compareCells(spec, 'u');
    const far = (cell: string) => {
      const curve = curves.find((c) => c.cell === cell)!.gradNormByDistance;
      return curve[curve.length - 1] / curve[0];
    };
    assert.ok(far('lstm') > 100 * far('rnn'), `lstm ${far('lstm')} vs rnn ${far('rnn')}`);
    assert.ok(far('gru') > 100 * far('rnn'), `gru ${far('gru')} vs rnn ${far('rnn')}`);
  });
});
