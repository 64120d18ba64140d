// The plain (Elman) cell, as torch.nn.RNN. `gi` = W_ih x_t + b_ih comes precomputed for every step (one
// matrix product per layer instead of one mat-vec per step); only the recurrent half runs step by step.
import { activateInPlace, derivativeFromOutput } from './activations';
import { matTVec, matVec, rowDot } from './linalg';
import type { Nonlinearity } from './types';

// h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
export function rnnStep(gi: Float64Array, whh: Float64Array, bhh: Float64Array, hPrev: Float64Array, nonlinearity: Nonlinearity, h: Float64Array): void {
  const H = h.length;
  for (let i = 0; i < H; i++) h[i] = gi[i] + bhh[i] + rowDot(whh, i * H, hPrev, 0, H);
  activateInPlace(h, nonlinearity);
}

// da = dL/dh_t ⊙ f'(a_t);  dL/dh_{t−1} (through this step) = W_hhᵀ da
// da is the gradient of both W_ih x + b_ih and W_hh h + b_hh, so it serves as dGi and dGh.
export function rnnStepBackward(dh: Float64Array, h: Float64Array, whh: Float64Array, nonlinearity: Nonlinearity, da: Float64Array, dhPrev: Float64Array): void {
  for (let i = 0; i < h.length; i++) da[i] = dh[i] * derivativeFromOutput(h[i], nonlinearity);
  matTVec(whh, da, dhPrev);
}

// J v = f'(a_t) ⊙ (W_hh v), J = ∂h_t/∂h_{t−1}
export function rnnStepTangent(v: Float64Array, h: Float64Array, whh: Float64Array, nonlinearity: Nonlinearity, out: Float64Array): void {
  matVec(whh, v, out);
  for (let i = 0; i < h.length; i++) out[i] *= derivativeFromOutput(h[i], nonlinearity);
}
