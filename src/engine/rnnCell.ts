// The plain (Elman) cell, as torch.nn.RNN. Buffers hold one row per (sequence, step); `row` is this step's,
// `prevRow` the previous step's (−1 at a sequence's first step, where h_{−1} = 0). gi = W_ih x_t + b_ih comes
// precomputed for every row at once; only the recurrent half runs step by step.
import { activateInPlace, derivativeFromOutput } from './activations';
import { gemv, gemvT } from './linalg';
import type { LayerWeights } from './params';
import type { Nonlinearity } from './types';

export interface RnnBuffers {
  gi: Float64Array; // rows × H
  h: Float64Array; // rows × H
}

// h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
export function rnnStep(w: LayerWeights, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, row: number, prevRow: number): void {
  const at = row * H;
  if (prevRow >= 0) gemv(w.whh, H, H, b.h, prevRow * H, b.h, at, false);
  else b.h.fill(0, at, at + H);
  for (let j = 0; j < H; j++) b.h[at + j] += b.gi[at + j] + w.bhh[j];
  activateInPlace(b.h, at, H, nonlinearity);
}

// da = dL/dh_t ⊙ f'(a_t);  dL/dh_{t−1} (through this step) = W_hhᵀ da
// da is the gradient of both W_ih x + b_ih and W_hh h + b_hh, so it serves as dGi and dGh.
export function rnnStepBackward(
  w: LayerWeights, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, row: number,
  dh: Float64Array, da: Float64Array, dhPrev: Float64Array,
): void {
  const at = row * H;
  for (let j = 0; j < H; j++) da[j] = dh[j] * derivativeFromOutput(b.h[at + j], nonlinearity);
  gemvT(w.whh, H, H, da, 0, dhPrev, 0, false);
}

// J v = f'(a_t) ⊙ (W_hh v), J = ∂h_t/∂h_{t−1}
export function rnnStepTangent(w: LayerWeights, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, row: number, v: Float64Array, out: Float64Array): void {
  const at = row * H;
  gemv(w.whh, H, H, v, 0, out, 0, false);
  for (let j = 0; j < H; j++) out[j] *= derivativeFromOutput(b.h[at + j], nonlinearity);
}
