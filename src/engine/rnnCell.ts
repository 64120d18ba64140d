// The plain (Elman) cell, as torch.nn.RNN. Buffers hold one row per (sequence, step); a step runs a batch of
// sequences at once (see batch.ts), row k of the batch's vectors being sequence k's. gi = W_ih x_t + b_ih comes
// precomputed for every row at once; only the recurrent half runs step by step.
import type { Real } from './real';
import { activateInPlace, backpropActivation, derivativeFromOutput } from './activations';
import type { StepRows } from './batch';
import type { Kernels } from './kernels/kernels';
import type { PackedMatrix } from './kernels/packed';
import type { Nonlinearity } from './types';

/** What a step reads and writes: the layer's buffers and its recurrent weights. */
export interface RnnLayer {
  gi: Real; // rows × H
  h: Real; // rows × H
  whh: PackedMatrix; // W_hh, for W_hh h
  whhT: PackedMatrix; // W_hhᵀ, for W_hhᵀ δ
  bhh: Real; // H
}

// h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) for every sequence of the step: W_hh h_{t−1} goes into h_t's row
// first (one product over the batch), then gi and b_hh are added and f applied in place.
export function rnnStep(k: Kernels, b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows): void {
  if (!step.first) k.multiplyRows(b.whh, b.h, step.prevRows, b.h, step.rows, step.size);
  k.rnnActivation(b, nonlinearity, H, step);
}

// The rest of rnnStep (the kernels' reference): h = f(h + (gi + b_hh)) in each row of the step, h = 0 at the first.
export function rnnActivationRows(b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows): void {
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * H;
    if (step.first) b.h.fill(0, at, at + H);
    for (let j = 0; j < H; j++) b.h[at + j] += b.gi[at + j] + b.bhh[j];
    activateInPlace(b.h, at, H, nonlinearity);
  }
}

// da = dh_t ⊙ f'(a_t);  dh_{t−1} (through this step) = W_hhᵀ da
// da is the gradient of both W_ih x + b_ih and W_hh h + b_hh, so it serves as dGi and dGh.
// dh, da, dhPrev: one row (H) per sequence of the batch.
export function rnnStepBackward(
  k: Kernels, b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows, dh: Real, da: Real, dhPrev: Real,
): void {
  k.rnnActivationBackward(b, nonlinearity, H, step, dh, da);
  k.multiplyRows(b.whhT, da, null, dhPrev, null, step.size);
}

// The elementwise half of rnnStepBackward (the kernels' reference): da = dh ⊙ f'(a), row s of dh and da per row of the step
export function rnnActivationBackwardRows(b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows, dh: Real, da: Real): void {
  for (let s = 0; s < step.size; s++) backpropActivation(dh, s * H, b.h, step.rows[s] * H, H, nonlinearity, da, s * H);
}

// J v = f'(a_t) ⊙ (W_hh v), J = ∂h_t/∂h_{t−1}, for one v (row s of V, H wide) per row of the step
export function rnnStepTangent(
  k: Kernels, b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows, V: Real, out: Real,
): void {
  k.multiplyRows(b.whh, V, null, out, null, step.size);
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * H;
    for (let j = 0; j < H; j++) out[s * H + j] *= derivativeFromOutput(b.h[at + j], nonlinearity);
  }
}
