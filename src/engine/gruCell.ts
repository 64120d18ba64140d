// The GRU cell, as torch.nn.GRU: gate rows stacked r, z, n. Unlike the LSTM, the reset gate multiplies the
// recurrent term *after* its bias, so the n rows of W_hh h + b_hh (`hiddenN`) are kept for the backward pass.
import { sigmoid } from './activations';
import { matTVecAdd, matVec, rowDot } from './linalg';

// r = σ(gi_r + W_hr h_{t−1} + b_hr);  z = σ(gi_z + W_hz h_{t−1} + b_hz);  n = tanh(gi_n + r ⊙ (W_hn h_{t−1} + b_hn));
// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
export function gruStep(
  gi: Float64Array, whh: Float64Array, bhh: Float64Array, hPrev: Float64Array,
  gates: Float64Array, hiddenN: Float64Array, h: Float64Array,
): void {
  const H = h.length;
  for (let row = 0; row < 3 * H; row++) {
    const recurrent = bhh[row] + rowDot(whh, row * H, hPrev, 0, H);
    if (row < 2 * H) gates[row] = sigmoid(gi[row] + recurrent);
    else hiddenN[row - 2 * H] = recurrent;
  }
  for (let j = 0; j < H; j++) {
    const n = Math.tanh(gi[2 * H + j] + gates[j] * hiddenN[j]);
    const z = gates[H + j];
    gates[2 * H + j] = n;
    h[j] = n + z * (hPrev[j] - n); // = (1 − z) n + z h_{t−1}, in PyTorch's order of operations
  }
}

// dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dr = dn ⊙ (W_hn h_{t−1} + b_hn) ⊙ σ'(r);  dz = dh ⊙ (h_{t−1} − n) ⊙ σ'(z)
// dGi = [dr, dz, dn] (gradient of W_ih x + b_ih);  dGh = [dr, dz, r ⊙ dn] (of W_hh h + b_hh);  dh_{t−1} = dh ⊙ z + W_hhᵀ dGh
export function gruStepBackward(
  dh: Float64Array, hPrev: Float64Array, gates: Float64Array, hiddenN: Float64Array, whh: Float64Array,
  dGi: Float64Array, dGh: Float64Array, dhPrev: Float64Array,
): void {
  const H = dh.length;
  for (let j = 0; j < H; j++) {
    const r = gates[j];
    const z = gates[H + j];
    const n = gates[2 * H + j];
    const dn = dh[j] * (1 - z) * (1 - n * n);
    const dr = dn * hiddenN[j] * r * (1 - r);
    const dz = dh[j] * (hPrev[j] - n) * z * (1 - z);
    dGi[j] = dr;
    dGi[H + j] = dz;
    dGi[2 * H + j] = dn;
    dGh[j] = dr;
    dGh[H + j] = dz;
    dGh[2 * H + j] = r * dn;
    dhPrev[j] = dh[j] * z;
  }
  matTVecAdd(whh, dGh, dhPrev);
}

// J v, J = ∂h_t/∂h_{t−1}: u = W_hh v;  dr = σ'(r) u_r;  dz = σ'(z) u_z;  dn = (1 − n²)(dr ⊙ hiddenN + r ⊙ u_n);
// J v = (h_{t−1} − n) ⊙ dz + (1 − z) ⊙ dn + z ⊙ v
export function gruStepTangent(
  v: Float64Array, hPrev: Float64Array, gates: Float64Array, hiddenN: Float64Array, whh: Float64Array,
  u: Float64Array, out: Float64Array,
): void {
  const H = out.length;
  matVec(whh, v, u);
  for (let j = 0; j < H; j++) {
    const r = gates[j];
    const z = gates[H + j];
    const n = gates[2 * H + j];
    const dr = u[j] * r * (1 - r);
    const dz = u[H + j] * z * (1 - z);
    const dn = (1 - n * n) * (dr * hiddenN[j] + r * u[2 * H + j]);
    out[j] = (hPrev[j] - n) * dz + (1 - z) * dn + z * v[j];
  }
}
