// Shared by the engine tests: comparing nested arrays within a tolerance, and small seeded specs.
import * as assert from 'node:assert/strict';
import { createRandom } from '../../../src/engine/random';
import type { CellType, EngineSpec, LossSpec, Nonlinearity, OutputActivation, Sequence } from '../../../src/engine/types';

export interface Tolerance {
  relative: number;
  absolute: number;
}

/** |a − b| ≤ absolute + relative·|b| element by element, through any nesting of arrays and objects; NaN matches NaN. */
export function assertClose(actual: unknown, expected: unknown, tolerance: Tolerance, path = ''): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, tolerance, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const [key, value] of Object.entries(expected)) assertClose((actual as Record<string, unknown>)[key], value, tolerance, `${path}.${key}`);
    return;
  }
  const a = actual as number;
  const b = expected as number;
  if (Number.isNaN(b)) return assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`);
  if (!Number.isFinite(b)) return assert.equal(a, b, path);
  assert.ok(Math.abs(a - b) <= tolerance.absolute + tolerance.relative * Math.abs(b), `${path}: ${a} vs ${b} (diff ${Math.abs(a - b)})`);
}

export interface RandomSpecOptions {
  cell: CellType;
  nonlinearity?: Nonlinearity;
  numLayers?: number;
  loss: LossSpec;
  outputActivation?: OutputActivation;
  inputSize?: number;
  hiddenSize?: number;
  outputSize?: number;
  lengths?: number[];
  seed: number;
}

/** A small model with seeded random data (its weights come from the engine's seeded initialiser). */
export function randomSpec(o: RandomSpecOptions): EngineSpec {
  const random = createRandom(o.seed + 1000);
  const inputSize = o.inputSize ?? 2;
  const outputSize = o.outputSize ?? 3;
  const target = () =>
    o.loss.type === 'mse'
      ? Array.from({ length: outputSize }, () => random.uniform(-1, 1))
      : Math.floor(random.next() * outputSize);
  const sequences: Sequence[] = (o.lengths ?? [4, 3]).map((T) => {
    const inputs = Array.from({ length: T }, () => Array.from({ length: inputSize }, () => random.uniform(-1, 1)));
    return o.loss.on === 'last' ? { inputs, target: target() } : { inputs, targets: inputs.map(target) };
  });
  return {
    model: {
      cell: o.cell,
      inputSize,
      hiddenSize: o.hiddenSize ?? 3,
      numLayers: o.numLayers ?? 1,
      outputSize,
      nonlinearity: o.nonlinearity,
      outputActivation: o.outputActivation,
      init: { scheme: 'pytorch', seed: o.seed },
    },
    data: { sequences },
    loss: o.loss,
  };
}
