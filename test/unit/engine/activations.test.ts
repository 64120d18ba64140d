// The engine's own e^x, tanh and σ (activations.ts): close to Math's everywhere, right at the edges (NaN, ±∞, ±0,
// overflow, underflow), and bit for bit the same as the WebAssembly kernels' (cells64.wat).
import * as assert from 'node:assert/strict';
import { exp, sigmoid, tanh } from '../../../src/engine/activations';
import { wasmArena } from '../../../src/engine/kernels/arena';
import { webAssemblyActivations } from '../../../src/engine/kernels/wasm';
import { createRandom } from '../../../src/engine/random';

const random = createRandom(11);

/** Inputs spread over many magnitudes and both signs, and the special values. */
function samples(count: number): number[] {
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-300, 5e-324, 0.625, -0.625, 0.6250000000000001, 709.78, 709.8, -745.1, -745.2, -746, 22, -22, 1e300];
  const spread = Array.from({ length: count }, () => (random.next() < 0.5 ? -1 : 1) * 10 ** (random.next() * 8 - 5));
  return [...special, ...spread];
}

const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe("the engine's exp, tanh and sigmoid", () => {
  it('exp is within 4e-16 of Math.exp over the finite range, 0 below and ∞ above it, NaN for NaN', () => {
    let worst = 0;
    for (const x of samples(20000)) {
      if (!(Math.abs(x) <= 700)) continue;
      worst = Math.max(worst, relative(exp(x), Math.exp(x)));
    }
    assert.ok(worst < 4e-16, `worst relative error ${worst}`);
    assert.equal(exp(Infinity), Infinity);
    assert.equal(exp(710), Infinity);
    assert.equal(exp(-Infinity), 0);
    assert.equal(exp(-800), 0);
    assert.ok(Number.isNaN(exp(NaN)));
    assert.equal(exp(0), 1);
    // the subnormal range, where Math.exp's result has few bits left
    assert.ok(Math.abs(exp(-740) - Math.exp(-740)) <= 2 * 5e-324 + 1e-15 * Math.exp(-740));
  });

  it('tanh is within 4e-16 of Math.tanh, keeps the sign of zero, and is ±1 for large |x|', () => {
    let worst = 0;
    for (const x of samples(20000)) if (Number.isFinite(x)) worst = Math.max(worst, relative(tanh(x), Math.tanh(x)));
    assert.ok(worst < 4e-16, `worst relative error ${worst}`);
    assert.ok(Object.is(tanh(-0), -0));
    assert.ok(Object.is(tanh(0), 0));
    assert.equal(tanh(Infinity), 1);
    assert.equal(tanh(-Infinity), -1);
    assert.equal(tanh(1e300), 1);
    assert.ok(Number.isNaN(tanh(NaN)));
  });

  it('sigmoid is within 5e-16 of 1/(1 + Math.exp(−x)), and 0 or 1 at ∓∞ without a NaN', () => {
    let worst = 0;
    for (const x of samples(20000)) if (Number.isFinite(x)) worst = Math.max(worst, relative(sigmoid(x), 1 / (1 + Math.exp(-x))));
    assert.ok(worst < 5e-16, `worst relative error ${worst}`);
    assert.equal(sigmoid(-Infinity), 0);
    assert.equal(sigmoid(Infinity), 1);
    assert.equal(sigmoid(0), 0.5);
  });

  it('the WebAssembly kernels compute the same bits, two at a time and for an odd last one', () => {
    const xs = samples(4001); // odd: the last one goes alone
    const arena = wasmArena(1 << 20)!;
    const apply = webAssemblyActivations(arena.memory!)!;
    const src = arena.f64(xs.length);
    const dst = arena.f64(xs.length + 1);
    src.set(xs);
    const relu = (x: number) => (x <= 0 ? 0 : x);
    [exp, tanh, sigmoid, relu].forEach((f, code) => {
      dst.fill(7);
      apply(src.byteOffset, dst.byteOffset, xs.length, code);
      xs.forEach((x, i) => assert.ok(Object.is(dst[i], f(x)), `${f.name}(${x}): ${dst[i]} vs ${f(x)}`));
      assert.equal(dst[xs.length], 7, 'nothing written past the end');
    });
  });
});
