// The engine against PyTorch float64 autograd: every fixture in test/fixtures/pytorch (made by running the same
// weights and data through torch.nn.RNN/LSTM/GRU + nn.Linear and calling backward()).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/engine';
import type { EngineSpec } from '../../../src/engine/types';
import { assertClose, type Tolerance } from './helpers';

interface Fixture {
  name: string;
  spec: EngineSpec;
  expected: {
    loss: number;
    outputs: number[][][];
    hidden: number[][][];
    grads: Record<string, number[][] | number[]>;
    dLdh: number[][][];
    dLdc?: number[][][];
  };
  tolerance: Tolerance;
}

const folder = join(__dirname, '..', '..', 'fixtures', 'pytorch');
const fixtures: Fixture[] = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as Fixture);

describe('matches PyTorch', () => {
  it('has fixtures to compare against', () => assert.ok(fixtures.length > 0));

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const result = run(fixture.spec);
      const { expected, tolerance } = fixture;

      it('loss', () => assertClose(result.loss, expected.loss, tolerance, 'loss'));
      it('outputs', () => assertClose(result.outputs, expected.outputs, tolerance, 'outputs'));
      it('hidden states', () => assertClose(result.hidden, expected.hidden, tolerance, 'hidden'));
      it('every parameter gradient', () => {
        assert.deepEqual(Object.keys(result.grads).sort(), Object.keys(expected.grads).sort());
        for (const [name, grad] of Object.entries(expected.grads)) assertClose(result.grads[name], grad, tolerance, name);
      });
      it('dL/dh at every step', () => assertClose(result.dLdh, expected.dLdh, tolerance, 'dLdh'));
      if (expected.dLdc) it('dL/dc at every step', () => assertClose(result.dLdc, expected.dLdc, tolerance, 'dLdc'));
      it('reports no non-finite value', () => assert.equal(result.firstNonFinite, null));
    });
  }
});
