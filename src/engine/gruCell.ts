// The GRU cell, as torch.nn.GRU: gate rows stacked r, z, n. Unlike the LSTM, the reset gate multiplies the
// recurrent term *after* its bias, so the n rows of W_hh h + b_hh (`hiddenN`) are kept for the backward pass.
// Buffers hold one row per (sequence, step); a step runs a batch of sequences at once (see batch.ts), row s of the
// batch's vectors being sequence s's. At a sequence's first step h_{−1} = 0.
import type { Real } from './real';
import { sigmoid, tanh } from './activations';
import type { StepRows } from './batch';
import type { Kernels } from './kernels/kernels';
import type { PackedMatrix } from './kernels/packed';

/** What a step reads and writes: the layer's buffers and its recurrent weights. */
export interface GruLayer {
  gi: Real; // rows × 3H: W_ih x_t + b_ih
  gates: Real; // rows × 3H: r, z, n
  hiddenN: Real; // rows × H: W_hn h_{t−1} + b_hn
  h: Real; // rows × H
  whh: PackedMatrix; // W_hh (3H × H), for W_hh h
  whhT: PackedMatrix; // W_hhᵀ, for W_hhᵀ δ
  bhh: Real; // 3H
}

/** Where each gate's H units start within a row of 3H: PyTorch's order. */
export const GATE_R = 0;
export const GATE_Z = 1;
export const GATE_N = 2;

// r = σ(gi_r + W_hr h_{t−1} + b_hr);  z = σ(gi_z + W_hz h_{t−1} + b_hz);  n = tanh(gi_n + r ⊙ (W_hn h_{t−1} + b_hn));
// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// The recurrent term for the whole batch is one product, W_hh h_{t−1} per sequence (the r, z and n rows, before
// any gate is applied), written into the gate rows first.
export function gruStep(k: Kernels, b: GruLayer, H: number, step: StepRows): void {
  if (!step.first) k.multiplyRows(b.whh, b.h, step.prevRows, b.gates, step.rows, step.size);
  for (let s = 0; s < step.size; s++) gruGatesAndState(b, H, step.rows[s], step.prevRows[s]);
}

// The rest of gruStep for one row, whose gate row already holds W_hh h_{t−1} (or nothing, prevRow < 0).
function gruGatesAndState(b: GruLayer, H: number, row: number, prevRow: number): void {
  const at = row * 3 * H;
  const r = at + GATE_R * H;
  const z = at + GATE_Z * H;
  const n = at + GATE_N * H;
  const unit = row * H;
  const gates = b.gates;
  if (prevRow < 0) gates.fill(0, at, at + 3 * H);
  for (let j = 0; j < 2 * H; j++) gates[r + j] = sigmoid(b.gi[r + j] + gates[r + j] + b.bhh[GATE_R * H + j]); // r and z
  for (let j = 0; j < H; j++) {
    const hiddenN = gates[n + j] + b.bhh[GATE_N * H + j];
    const nj = tanh(b.gi[n + j] + gates[r + j] * hiddenN);
    const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
    b.hiddenN[unit + j] = hiddenN;
    gates[n + j] = nj;
    b.h[unit + j] = nj + gates[z + j] * (hPrev - nj); // = (1 − z) n + z h_{t−1}, in PyTorch's order of operations
  }
}

// dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dr = dn ⊙ (W_hn h_{t−1} + b_hn) ⊙ σ'(r);  dz = dh ⊙ (h_{t−1} − n) ⊙ σ'(z)
// dGi = [dr, dz, dn] (gradient of W_ih x + b_ih);  dGh = [dr, dz, r ⊙ dn] (of W_hh h + b_hh);  dh_{t−1} = dh ⊙ z + W_hhᵀ dGh
// The W_hhᵀ dGh terms of the whole batch are one product.
// dh, dhPrev: one row (H) per sequence of the batch; dGi, dGh one row of 3H.
export function gruStepBackward(
  k: Kernels, b: GruLayer, H: number, step: StepRows, dh: Real, dGi: Real, dGh: Real, dhPrev: Real,
): void {
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * 3 * H;
    const unit = step.rows[s] * H;
    const prevRow = step.prevRows[s];
    const v = s * H;
    const dR = s * 3 * H + GATE_R * H;
    const dZ = s * 3 * H + GATE_Z * H;
    const dN = s * 3 * H + GATE_N * H;
    for (let j = 0; j < H; j++) {
      const r = b.gates[at + GATE_R * H + j];
      const z = b.gates[at + GATE_Z * H + j];
      const n = b.gates[at + GATE_N * H + j];
      const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
      const dn = dh[v + j] * (1 - z) * (1 - n * n);
      const dr = dn * b.hiddenN[unit + j] * r * (1 - r);
      const dz = dh[v + j] * (hPrev - n) * z * (1 - z);
      dGi[dR + j] = dr;
      dGi[dZ + j] = dz;
      dGi[dN + j] = dn;
      dGh[dR + j] = dr;
      dGh[dZ + j] = dz;
      dGh[dN + j] = r * dn;
      dhPrev[v + j] = dh[v + j] * z;
    }
  }
  k.multiplyAddRows(b.whhT, dGh, null, dhPrev, null, step.size);
}

// J v, J = ∂h_t/∂h_{t−1}, for one v (row s of V) per row of the step: u = W_hh v;  dr = σ'(r) u_r;  dz = σ'(z) u_z;
// dn = (1 − n²)(dr ⊙ hiddenN + r ⊙ u_n);  J v = (h_{t−1} − n) ⊙ dz + (1 − z) ⊙ dn + z ⊙ v.  U: one row of 3H per v.
export function gruStepTangent(k: Kernels, b: GruLayer, H: number, step: StepRows, V: Real, U: Real, out: Real): void {
  k.multiplyRows(b.whh, V, null, U, null, step.size);
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * 3 * H;
    const unit = step.rows[s] * H;
    const prevRow = step.prevRows[s];
    const u = s * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = b.gates[at + GATE_R * H + j];
      const z = b.gates[at + GATE_Z * H + j];
      const n = b.gates[at + GATE_N * H + j];
      const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
      const dr = U[u + GATE_R * H + j] * r * (1 - r);
      const dz = U[u + GATE_Z * H + j] * z * (1 - z);
      const dn = (1 - n * n) * (dr * b.hiddenN[unit + j] + r * U[u + GATE_N * H + j]);
      out[s * H + j] = (hPrev - n) * dz + (1 - z) * dn + z * V[s * H + j];
    }
  }
}
