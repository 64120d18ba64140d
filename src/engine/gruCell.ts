// The GRU cell, as torch.nn.GRU: gate rows stacked r, z, n. Unlike the LSTM, the reset gate multiplies the
// recurrent term *after* its bias, so the n rows of W_hh h + b_hh (`hiddenN`) are kept for the backward pass.
// Buffers hold one row per (sequence, step); `prevRow` is −1 at a sequence's first step (h_{−1} = 0).
import { sigmoid } from './activations';
import { gemv, gemvT } from './linalg';
import type { LayerWeights } from './params';

export interface GruBuffers {
  gi: Float64Array; // rows × 3H: W_ih x_t + b_ih
  gates: Float64Array; // rows × 3H: r, z, n
  hiddenN: Float64Array; // rows × H: W_hn h_{t−1} + b_hn
  h: Float64Array; // rows × H
}

// r = σ(gi_r + W_hr h_{t−1} + b_hr);  z = σ(gi_z + W_hz h_{t−1} + b_hz);  n = tanh(gi_n + r ⊙ (W_hn h_{t−1} + b_hn));
// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
export function gruStep(w: LayerWeights, b: GruBuffers, H: number, row: number, prevRow: number): void {
  const G = row * 3 * H;
  const at = row * H;
  // W_hh h_{t−1} into the gate row first: the r, z and n rows, before any gate is applied
  if (prevRow >= 0) gemv(w.whh, 3 * H, H, b.h, prevRow * H, b.gates, G, false);
  else b.gates.fill(0, G, G + 3 * H);
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
export function gruStepBackward(
  w: LayerWeights, b: GruBuffers, H: number, row: number, prevRow: number,
  dh: Float64Array, dGi: Float64Array, dGh: Float64Array, dhPrev: Float64Array,
): void {
  const G = row * 3 * H;
  const at = row * H;
  for (let j = 0; j < H; j++) {
    const r = b.gates[G + j];
    const z = b.gates[G + H + j];
    const n = b.gates[G + 2 * H + j];
    const hPrev = prevRow >= 0 ? b.h[prevRow * H + j] : 0;
    const dn = dh[j] * (1 - z) * (1 - n * n);
    const dr = dn * b.hiddenN[at + j] * r * (1 - r);
    const dz = dh[j] * (hPrev - n) * z * (1 - z);
    dGi[j] = dr;
    dGi[H + j] = dz;
    dGi[2 * H + j] = dn;
    dGh[j] = dr;
    dGh[H + j] = dz;
    dGh[2 * H + j] = r * dn;
    dhPrev[j] = dh[j] * z;
  }
  gemvT(w.whh, 3 * H, H, dGh, 0, dhPrev, 0, true);
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
