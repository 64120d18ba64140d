// Elementwise nonlinearities, and their derivatives written in terms of the *output*, which is what the
// backward pass has stored (f'(a) from f(a): tanh' = 1 − h², σ' = σ(1 − σ), relu' = [h > 0]).
import type { Real } from './real';
import type { Nonlinearity } from './types';

// e^x, tanh and σ are the engine's own, not Math.exp and Math.tanh: the WebAssembly kernels (kernels/cells64.wat)
// compute them two at a time with exactly these operations, so both give the same bits, and neither depends on
// the host's Math library. They are Cephes' (Moshier, netlib cephes/exp.c and tanh.c), within 4e−16 relative of
// Math.exp and Math.tanh over the whole range (checked in test/unit/engine/activations.test.ts).

// The coefficients are kept digit for digit as Cephes publishes them (more digits than a double holds), so they
// can be checked against the source; each rounds to the double Cephes itself uses.
/* eslint-disable no-loss-of-precision */
const LOG2E = 1.4426950408889634;
/** ln 2 = C1 + C2, C1 with few bits so that n·C1 is exact */
const C1 = 6.93145751953125e-1;
const C2 = 1.42860682030941723212e-6;
const P0 = 1.26177193074810590878e-4;
const P1 = 3.02994407707441961300e-2;
const P2 = 9.99999999999999999910e-1;
const Q0 = 3.00198505138664455042e-6;
const Q1 = 2.52448340349684104192e-3;
const Q2 = 2.27265548208155028766e-1;
const Q3 = 2;
/** 2^k for k = −1100 … 1099, exact */
const POW2 = Float64Array.from({ length: 2200 }, (_, k) => Math.pow(2, k - 1100));

// e^x: x = n ln2 + r (|r| ≤ ln2 / 2), e^r = 1 + 2 r P(r²) / (Q(r²) − r P(r²)), times 2^n as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋)
// so that neither factor overflows. x is first clamped to where e^x is neither 0 nor ∞ by a margin; NaN stays NaN.
export function exp(x: number): number {
  const v = x > 709.79 ? 709.79 : x < -745.2 ? -745.2 : x;
  const n = Math.floor(v * LOG2E + 0.5);
  let r = v - n * C1;
  r = r - n * C2;
  const rr = r * r;
  const px = r * ((P0 * rr + P1) * rr + P2);
  const e = 1 + 2 * (px / (((Q0 * rr + Q1) * rr + Q2) * rr + Q3 - px));
  const k = n | 0; // NaN → 0: the NaN is in e already
  const half = k >> 1;
  return e * POW2[half + 1100] * POW2[k - half + 1100];
}

const TP0 = -9.64399179425052238628e-1;
const TP1 = -9.92877231001918586564e1;
const TP2 = -1.61468768441708447952e3;
const TQ0 = 1.12811678491632931402e2;
const TQ1 = 2.23548839060100448583e3;
const TQ2 = 4.84406305325125486048e3;
/* eslint-enable no-loss-of-precision */

// tanh x = 1 − 2 / (e^{2|x|} + 1) with x's sign for |x| > 0.625; below, where that loses digits to cancellation,
// x + x·x² P(x²)/Q(x²). tanh(±0) = ±0.
export function tanh(x: number): number {
  const a = Math.abs(x);
  if (a > 0.625) {
    const z = 1 - 2 / (exp(2 * a) + 1);
    return x < 0 ? -z : z;
  }
  if (x === 0) return x;
  const z = x * x;
  return x + x * z * (((TP0 * z + TP1) * z + TP2) / (((z + TQ0) * z + TQ1) * z + TQ2));
}

// σ(a) = 1 / (1 + e^(−a)); for a → −∞, e^(−a) = ∞ and σ = 0 without a NaN.
export function sigmoid(a: number): number {
  return 1 / (1 + exp(-a));
}

// relu(a) = max(0, a), written so that NaN stays NaN as in PyTorch.
export function relu(a: number): number {
  return a <= 0 ? 0 : a;
}

// h = f(a), in place over values[offset .. offset + n)
export function activateInPlace(values: Real, offset: number, n: number, nonlinearity: Nonlinearity): void {
  const end = offset + n;
  switch (nonlinearity) {
    case 'tanh':
      for (let i = offset; i < end; i++) values[i] = tanh(values[i]);
      return;
    case 'relu':
      for (let i = offset; i < end; i++) values[i] = relu(values[i]);
      return;
    case 'sigmoid':
      for (let i = offset; i < end; i++) values[i] = sigmoid(values[i]);
      return;
    case 'identity':
      return;
  }
}

// f'(a) from h = f(a). relu'(0) = 0 as in PyTorch (threshold_backward passes the gradient only where h > 0).
export function derivativeFromOutput(h: number, nonlinearity: Nonlinearity): number {
  switch (nonlinearity) {
    case 'tanh':
      return 1 - h * h;
    case 'relu':
      return h > 0 ? 1 : 0;
    case 'sigmoid':
      return h * (1 - h);
    case 'identity':
      return 1;
  }
}

// out[oo + j] = dh[dho + j] · f'(a_j) for j < n, f'(a_j) from h_j = f(a_j) at h[ho ..]: the chain rule through f for
// one vector, the choice of f made once rather than per unit.
export function backpropActivation(
  dh: Real, dho: number, h: Real, ho: number, n: number, nonlinearity: Nonlinearity, out: Real, oo: number,
): void {
  switch (nonlinearity) {
    case 'tanh':
      for (let j = 0; j < n; j++) out[oo + j] = dh[dho + j] * (1 - h[ho + j] * h[ho + j]);
      return;
    case 'relu':
      for (let j = 0; j < n; j++) out[oo + j] = dh[dho + j] * (h[ho + j] > 0 ? 1 : 0); // × rather than a select: 0 · ∞ = NaN keeps a non-finite dh visible, as before
      return;
    case 'sigmoid':
      for (let j = 0; j < n; j++) out[oo + j] = dh[dho + j] * (h[ho + j] * (1 - h[ho + j]));
      return;
    case 'identity':
      for (let j = 0; j < n; j++) out[oo + j] = dh[dho + j];
      return;
  }
}
