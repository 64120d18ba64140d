// Elementwise nonlinearities, and their derivatives written in terms of the *output*, which is what the
// backward pass has stored (f'(a) from f(a): tanh' = 1 − h², σ' = σ(1 − σ), relu' = [h > 0]).
import type { Nonlinearity } from './types';

// σ(a) = 1 / (1 + e^(−a)); for a → −∞, e^(−a) = ∞ and σ = 0 without a NaN.
export function sigmoid(a: number): number {
  return 1 / (1 + Math.exp(-a));
}

// relu(a) = max(0, a), written so that NaN stays NaN as in PyTorch.
export function relu(a: number): number {
  return a <= 0 ? 0 : a;
}

// h = f(a), in place over values[offset .. offset + n)
export function activateInPlace(values: Float64Array, offset: number, n: number, nonlinearity: Nonlinearity): void {
  const end = offset + n;
  switch (nonlinearity) {
    case 'tanh':
      for (let i = offset; i < end; i++) values[i] = Math.tanh(values[i]);
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
  dh: Float64Array, dho: number, h: Float64Array, ho: number, n: number, nonlinearity: Nonlinearity, out: Float64Array, oo: number,
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
