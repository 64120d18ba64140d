// Seeded initialisation: the same seed gives the same numbers, schemes have their documented shapes and bounds.
import * as assert from 'node:assert/strict';
import { createRandom, dimsOf, initialParameters, paramLayout, run } from '../../../src/engine';
import type { ModelSpec } from '../../../src/engine/types';

const model = (init: ModelSpec['init'], extra: Partial<ModelSpec> = {}): ModelSpec => ({
  cell: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, outputSize: 2, init, ...extra,
});

function parameters(spec: ModelSpec): Float64Array {
  return initialParameters(spec, dimsOf(spec));
}

function slice(spec: ModelSpec, name: string): Float64Array {
  const entry = paramLayout(dimsOf(spec)).entries.find((e) => e.name === name)!;
  return parameters(spec).slice(entry.offset, entry.offset + entry.size);
}

describe('random numbers', () => {
  it('mulberry32 gives the same stream for the same seed and a different one for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(first, Array.from({ length: 5 }, () => b.next()));
    assert.notDeepEqual(first, Array.from({ length: 5 }, () => c.next()));
    for (const x of first) assert.ok(x >= 0 && x < 1);
  });

  it('gaussians have mean ≈ 0 and variance ≈ 1', () => {
    const random = createRandom(7);
    const n = 20000;
    const xs = Array.from({ length: n }, () => random.gaussian());
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `${mean} ${variance}`);
  });
});

describe('initialisation', () => {
  it('is deterministic: the same seed, the same numbers; another seed, other numbers', () => {
    for (const scheme of ['pytorch', 'xavier', 'orthogonal'] as const) {
      assert.deepEqual(parameters(model({ scheme, seed: 5 })), parameters(model({ scheme, seed: 5 })));
      assert.notDeepEqual(parameters(model({ scheme, seed: 5 })), parameters(model({ scheme, seed: 6 })));
    }
    assert.deepEqual(run({ model: model({ seed: 9 }), data: { sequences: [{ inputs: [[1, 2, 3]], target: [0, 1] }] }, loss: { type: 'mse', on: 'last' } }).weights,
      run({ model: model({ seed: 9 }), data: { sequences: [{ inputs: [[1, 2, 3]], target: [0, 1] }] }, loss: { type: 'mse', on: 'last' } }).weights);
  });

  it('pytorch: every parameter in U(−1/√H, 1/√H)', () => {
    const values = parameters(model({ scheme: 'pytorch', seed: 1 }));
    const bound = 1 / Math.sqrt(5);
    assert.ok(values.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.max(...values.map(Math.abs)) > 0.9 * bound); // and they use the range
  });

  it('xavier: matrices within √(6/(fan_in + fan_out)), biases zero', () => {
    const spec = model({ scheme: 'xavier', seed: 1 });
    const wih = slice(spec, 'weight_ih_l0');
    assert.ok(wih.every((v) => Math.abs(v) <= Math.sqrt(6 / (20 + 3))));
    assert.ok(slice(spec, 'bias_ih_l1').every((v) => v === 0));
    assert.ok(slice(spec, 'fc.bias').every((v) => v === 0));
  });

  it('orthogonal: every gate block of W_hh has orthonormal columns', () => {
    const spec = model({ scheme: 'orthogonal', seed: 3 });
    const whh = slice(spec, 'weight_hh_l1');
    const H = 5;
    for (let b = 0; b < 4; b++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < H; j++) {
          let d = 0;
          for (let r = 0; r < H; r++) d += whh[b * H * H + r * H + i] * whh[b * H * H + r * H + j];
          assert.ok(Math.abs(d - (i === j ? 1 : 0)) < 1e-12, `block ${b} (${i},${j}) = ${d}`);
        }
      }
    }
  });

  it('partial weights: the given ones are used, the others are what they would have been anyway', () => {
    const given = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]];
    const full = parameters(model({ seed: 4 }));
    const partial = parameters(model({ seed: 4 }, { weights: { 'fc.weight': given } }));
    const fc = paramLayout(dimsOf(model({}))).entries.find((e) => e.name === 'fc.weight')!;
    assert.deepEqual(Array.from(partial.slice(fc.offset, fc.offset + fc.size)), given.flat());
    partial.forEach((v, i) => {
      if (i < fc.offset || i >= fc.offset + fc.size) assert.equal(v, full[i]);
    });
  });

  it('a weight of the wrong shape is a caller bug and throws', () => {
    assert.throws(() => parameters(model({}, { weights: { 'fc.bias': [1, 2, 3] } })), /fc\.bias/);
  });
});

describe('init.forgetBias', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`opens the ${cell}'s memory gate: block 1 of bias_ih set, of bias_hh zeroed, the rest drawn as before`, () => {
      const model: ModelSpec = { cell, inputSize: 2, hiddenSize: 3, outputSize: 1, numLayers: 2, init: { seed: 4 } };
      const layout = paramLayout(dimsOf(model));
      const plain = initialParameters(model, dimsOf(model), layout);
      const open = initialParameters({ ...model, init: { seed: 4, forgetBias: 2.5 } }, dimsOf(model), layout);
      for (const entry of layout.entries) {
        for (let i = 0; i < entry.size; i++) {
          const inGate = entry.name.startsWith('bias_') && i >= 3 && i < 6;
          const expected = !inGate ? plain[entry.offset + i] : entry.name.startsWith('bias_ih') ? 2.5 : 0;
          if (open[entry.offset + i] !== expected) throw new Error(`${entry.name}[${i}] = ${open[entry.offset + i]}, expected ${expected}`);
        }
      }
    });
  }
});
