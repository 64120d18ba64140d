// The GRU cell, as torch.nn.GRU: gate rows stacked r, z, n. Unlike the LSTM, the reset gate multiplies the
// recurrent term *after* its bias, so the n rows of W_hh h + b_hh (`hiddenN`) are kept for the backward pass.
// Buffers hold one row per (sequence, step); a step runs a batch of sequences at once (see batch.ts), row k of the
// batch's vectors being sequence k's. At a sequence's first step h_{−1} = 0.
import { sigmoid } from './activations';
import type { StepRows } from './batch';
import { gemmRows } from './gemm';
import { gemv } from './linalg';
import type { LayerWeights } from './params';

export interface GruBuffers {
  gi: Float64Array; // rows × 3H: W_ih x_t + b_ih
  gates: Float64Array; // rows × 3H: r, z, n
  hiddenN: Float64Array; // rows × H: W_hn h_{t−1} + b_hn
  h: Float64Array; // rows × H
}

// r = σ(gi_r + W_hr h_{t−1} + b_hr);  z = σ(gi_z + W_hz h_{t−1} + b_hz);  n = tanh(gi_n + r ⊙ (W_hn h_{t−1} + b_hn));
// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// The recurrent term for the whole batch is one product, H_{t−1} W_hhᵀ (the r, z and n rows, before any gate is
// applied), written into the gate rows first.
export function gruStep(w: LayerWeights, b: GruBuffers, H: number, step: StepRows): void {
  if (!step.first) gemmRows(w.whh, 3 * H, H, b.h, step.prevRows, b.gates, step.rows, step.size, false);
  for (let k = 0; k < step.size; k++) gruGatesAndState(w, b, H, step.rows[k], step.first ? -1 : step.prevRows[k]);
}

// The rest of gruStep for one row, whose gate row already holds W_hh h_{t−1} (or nothing, prevRow < 0).
function gruGatesAndState(w: LayerWeights, b: GruBuffers, H: number, row: number, prevRow: number): void {
  const G = row * 3 * H;
  const at = row * H;
  if (prevRow < 0) b.gates.fill(0, G, G + 3 * H);
  for (let r = 0; r < 2 * H; r++) b.gates[G + r] = sigmoid(b.gi[G + r] + b.gates[G + r] + w.bhh[r]);
  for (let j = 0; j < H; j++) {
    const hiddenN = b.gates[G + 2 * H + j] + w.bhh[2 * H + j];
    const n = Math.tanh(b.gi[G + 2 * H + j] + b.gates[G + j] * hiddenN);
    const z = b.gates[G + H + j];
    const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
    b.hiddenN[at + j] = hiddenN;
    b.gates[G + 2 * H + j] = n;
    b.h[at + j] = n + z * (hPrev - n); // = (1 − z) n + z h_{t−1}, in PyTorch's order of operations
  }
}

// dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dr = dn ⊙ (W_hn h_{t−1} + b_hn) ⊙ σ'(r);  dz = dh ⊙ (h_{t−1} − n) ⊙ σ'(z)
// dGi = [dr, dz, dn] (gradient of W_ih x + b_ih);  dGh = [dr, dz, r ⊙ dn] (of W_hh h + b_hh);  dh_{t−1} = dh ⊙ z + W_hhᵀ dGh
// The W_hhᵀ dGh terms of the whole batch are one product, dGh W_hh, row by row W_hhᵀ dGh (whhT = W_hhᵀ, H × 3H).
// dh, dhPrev: one row (H) per sequence of the batch; dGi, dGh one row of 3H.
export function gruStepBackward(
  whhT: Float64Array, b: GruBuffers, H: number, step: StepRows,
  dh: Float64Array, dGi: Float64Array, dGh: Float64Array, dhPrev: Float64Array,
): void {
  for (let k = 0; k < step.size; k++) {
    const G = step.rows[k] * 3 * H;
    const at = step.rows[k] * H;
    const prev = step.first ? -1 : step.prevRows[k] * H;
    const v = k * H;
    const dG = k * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = b.gates[G + j];
      const z = b.gates[G + H + j];
      const n = b.gates[G + 2 * H + j];
      const hPrev = prev >= 0 ? b.h[prev + j] : 0;
      const dn = dh[v + j] * (1 - z) * (1 - n * n);
      const dr = dn * b.hiddenN[at + j] * r * (1 - r);
      const dz = dh[v + j] * (hPrev - n) * z * (1 - z);
      dGi[dG + j] = dr;
      dGi[dG + H + j] = dz;
      dGi[dG + 2 * H + j] = dn;
      dGh[dG + j] = dr;
      dGh[dG + H + j] = dz;
      dGh[dG + 2 * H + j] = r * dn;
      dhPrev[v + j] = dh[v + j] * z;
    }
  }
  gemmRows(whhT, H, 3 * H, dGh, null, dhPrev, null, step.size, true);
}

// J v, J = ∂h_t/∂h_{t−1}: u = W_hh v;  dr = σ'(r) u_r;  dz = σ'(z) u_z;  dn = (1 − n²)(dr ⊙ hiddenN + r ⊙ u_n);
// J v = (h_{t−1} − n) ⊙ dz + (1 − z) ⊙ dn + z ⊙ v
export function gruStepTangent(
  w: LayerWeights, b: GruBuffers, H: number, row: number, prevRow: number,
  v: Float64Array, u: Float64Array, out: Float64Array,
): void {
  const G = row * 3 * H;
  const at = row * H;
  gemv(w.whh, 3 * H, H, v, 0, u, 0, false);
  for (let j = 0; j < H; j++) {
    const r = b.gates[G + j];
    const z = b.gates[G + H + j];
    const n = b.gates[G + 2 * H + j];
    const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
    const dr = u[j] * r * (1 - r);
    const dz = u[H + j] * z * (1 - z);
    const dn = (1 - n * n) * (dr * b.hiddenN[at + j] + r * u[2 * H + j]);
    out[j] = (hPrev - n) * dz + (1 - z) * dn + z * v[j];
  }
}
