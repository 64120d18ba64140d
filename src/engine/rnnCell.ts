// The plain (Elman) cell, as torch.nn.RNN. Buffers hold one row per (sequence, step); a step runs a batch of
// sequences at once (see batch.ts), row k of the batch's vectors being sequence k's. gi = W_ih x_t + b_ih comes
// precomputed for every row at once; only the recurrent half runs step by step.
import { activateInPlace, backpropActivation, derivativeFromOutput } from './activations';
import type { StepRows } from './batch';
import { gemmRows } from './gemm';
import { gemv } from './linalg';
import type { LayerWeights } from './params';
import type { Nonlinearity } from './types';

export interface RnnBuffers {
  gi: Float64Array; // rows × H
  h: Float64Array; // rows × H
}

// H_t = f(GI_t + H_{t−1} W_hhᵀ + b_hh), one row per sequence: h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
export function rnnStep(w: LayerWeights, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, step: StepRows): void {
  if (!step.first) gemmRows(w.whh, H, H, b.h, step.prevRows, b.h, step.rows, step.size, false);
  for (let k = 0; k < step.size; k++) {
    const at = step.rows[k] * H;
    if (step.first) b.h.fill(0, at, at + H);
    for (let j = 0; j < H; j++) b.h[at + j] += b.gi[at + j] + w.bhh[j];
    activateInPlace(b.h, at, H, nonlinearity);
  }
}

// dA = dH_t ⊙ f'(A_t);  dH_{t−1} (through this step) = dA W_hh, row by row W_hhᵀ da (whhT = W_hhᵀ, H × H)
// da is the gradient of both W_ih x + b_ih and W_hh h + b_hh, so it serves as dGi and dGh.
// dh, da, dhPrev: one row (H) per sequence of the batch.
export function rnnStepBackward(
  whhT: Float64Array, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, step: StepRows,
  dh: Float64Array, da: Float64Array, dhPrev: Float64Array,
): void {
  for (let k = 0; k < step.size; k++) backpropActivation(dh, k * H, b.h, step.rows[k] * H, H, nonlinearity, da, k * H);
  gemmRows(whhT, H, H, da, null, dhPrev, null, step.size, false);
}

// J v = f'(a_t) ⊙ (W_hh v), J = ∂h_t/∂h_{t−1}
export function rnnStepTangent(w: LayerWeights, nonlinearity: Nonlinearity, b: RnnBuffers, H: number, row: number, v: Float64Array, out: Float64Array): void {
  const at = row * H;
  gemv(w.whh, H, H, v, 0, out, 0, false);
  for (let j = 0; j < H; j++) out[j] *= derivativeFromOutput(b.h[at + j], nonlinearity);
}
