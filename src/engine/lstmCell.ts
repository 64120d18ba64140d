// The LSTM cell, as torch.nn.LSTM: gate rows stacked i, f, g, o (each H rows) in W_ih, W_hh, b_ih, b_hh.
// `gates` holds the activations [i f g o] (4H); `gi` = W_ih x_t + b_ih is precomputed for every step.
import { sigmoid } from './activations';
import { matTVec, matVec, rowDot } from './linalg';

// [i f g o] = [σ σ tanh σ](W_ih x_t + b_ih + W_hh h_{t−1} + b_hh);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
export function lstmStep(
  gi: Float64Array, whh: Float64Array, bhh: Float64Array, hPrev: Float64Array, cPrev: Float64Array,
  gates: Float64Array, c: Float64Array, tanhC: Float64Array, h: Float64Array,
): void {
  const H = h.length;
  for (let r = 0; r < 4 * H; r++) {
    const a = gi[r] + bhh[r] + rowDot(whh, r * H, hPrev, 0, H);
    gates[r] = r >= 2 * H && r < 3 * H ? Math.tanh(a) : sigmoid(a);
  }
  for (let j = 0; j < H; j++) {
    c[j] = gates[H + j] * cPrev[j] + gates[j] * gates[2 * H + j];
    tanhC[j] = Math.tanh(c[j]);
    h[j] = gates[3 * H + j] * tanhC[j];
  }
}

// dc_t = dcCarry + dh_t ⊙ o ⊙ (1 − tanh²c_t)   (dcCarry = dc_{t+1} ⊙ f_{t+1}, the path through the next cell state)
// d[i f g o] = [dc⊙g, dc⊙c_{t−1}, dc⊙i, dh⊙tanh c_t] ⊙ [σ', σ', tanh', σ'];  dh_{t−1} = W_hhᵀ d[i f g o];  dc_{t−1} = dc_t ⊙ f
// dcPrev may be the same array as dcCarry (each unit is read before it is written).
export function lstmStepBackward(
  dh: Float64Array, dcCarry: Float64Array, gates: Float64Array, cPrev: Float64Array, tanhC: Float64Array, whh: Float64Array,
  dGates: Float64Array, dc: Float64Array, dhPrev: Float64Array, dcPrev: Float64Array,
): void {
  const H = dh.length;
  for (let j = 0; j < H; j++) {
    const i = gates[j];
    const f = gates[H + j];
    const g = gates[2 * H + j];
    const o = gates[3 * H + j];
    const tc = tanhC[j];
    const dcj = dcCarry[j] + dh[j] * o * (1 - tc * tc);
    dc[j] = dcj;
    dGates[j] = dcj * g * i * (1 - i);
    dGates[H + j] = dcj * cPrev[j] * f * (1 - f);
    dGates[2 * H + j] = dcj * i * (1 - g * g);
    dGates[3 * H + j] = dh[j] * tc * o * (1 - o);
    dcPrev[j] = dcj * f;
  }
  matTVec(whh, dGates, dhPrev);
}

// J v for J = ∂h_t/∂h_{t−1} with c_{t−1} held fixed (the cell-state path is what dL/dc shows):
// d[i f g o] = [σ', σ', tanh', σ'] ⊙ W_hh v;  dc = df ⊙ c_{t−1} + di ⊙ g + i ⊙ dg;  J v = do ⊙ tanh c_t + o ⊙ (1 − tanh²c_t) ⊙ dc
export function lstmStepTangent(
  v: Float64Array, gates: Float64Array, cPrev: Float64Array, tanhC: Float64Array, whh: Float64Array,
  dGates: Float64Array, out: Float64Array,
): void {
  const H = out.length;
  matVec(whh, v, dGates);
  for (let j = 0; j < H; j++) {
    const i = gates[j];
    const f = gates[H + j];
    const g = gates[2 * H + j];
    const o = gates[3 * H + j];
    const tc = tanhC[j];
    const di = dGates[j] * i * (1 - i);
    const df = dGates[H + j] * f * (1 - f);
    const dg = dGates[2 * H + j] * (1 - g * g);
    const dO = dGates[3 * H + j] * o * (1 - o);
    const dc = df * cPrev[j] + di * g + i * dg;
    out[j] = dO * tc + o * (1 - tc * tc) * dc;
  }
}
