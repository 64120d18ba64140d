// The LSTM cell, as torch.nn.LSTM: gate rows stacked i, f, g, o (each H rows) in W_ih, W_hh, b_ih, b_hh.
// Buffers hold one row per (sequence, step); `prevRow` is −1 at a sequence's first step (h_{−1} = c_{−1} = 0).
// `gates` holds the activations [i f g o] (4H per row); gi = W_ih x_t + b_ih comes precomputed for every row.
import { sigmoid } from './activations';
import { gemv, gemvT } from './linalg';
import type { LayerWeights } from './params';

export interface LstmBuffers {
  gi: Float64Array; // rows × 4H
  gates: Float64Array; // rows × 4H
  c: Float64Array; // rows × H
  tanhC: Float64Array; // rows × H
  h: Float64Array; // rows × H
}

// [i f g o] = [σ σ tanh σ](W_ih x_t + b_ih + W_hh h_{t−1} + b_hh);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
export function lstmStep(w: LayerWeights, b: LstmBuffers, H: number, row: number, prevRow: number): void {
  const G = row * 4 * H;
  const at = row * H;
  const prev = prevRow * H;
  if (prevRow >= 0) gemv(w.whh, 4 * H, H, b.h, prev, b.gates, G, false);
  else b.gates.fill(0, G, G + 4 * H);
  for (let r = 0; r < 4 * H; r++) {
    const a = b.gates[G + r] + b.gi[G + r] + w.bhh[r];
    b.gates[G + r] = r >= 2 * H && r < 3 * H ? Math.tanh(a) : sigmoid(a);
  }
  for (let j = 0; j < H; j++) {
    const cPrev = prevRow >= 0 ? b.c[prev + j] : 0;
    b.c[at + j] = b.gates[G + H + j] * cPrev + b.gates[G + j] * b.gates[G + 2 * H + j];
    b.tanhC[at + j] = Math.tanh(b.c[at + j]);
    b.h[at + j] = b.gates[G + 3 * H + j] * b.tanhC[at + j];
  }
}

// dc_t = dcNext + dh_t ⊙ o ⊙ (1 − tanh²c_t)   (dcNext = dc_{t+1} ⊙ f_{t+1}, the path through the next cell state)
// d[i f g o] = [dc⊙g, dc⊙c_{t−1}, dc⊙i, dh⊙tanh c_t] ⊙ [σ', σ', tanh', σ'];  dh_{t−1} = W_hhᵀ d[i f g o];  dc_{t−1} = dc_t ⊙ f
// dcPrev may be the same array as dcNext (each unit is read before it is written).
export function lstmStepBackward(
  w: LayerWeights, b: LstmBuffers, H: number, row: number, prevRow: number,
  dh: Float64Array, dcNext: Float64Array, dGates: Float64Array, dc: Float64Array, dhPrev: Float64Array, dcPrev: Float64Array,
): void {
  const G = row * 4 * H;
  const at = row * H;
  for (let j = 0; j < H; j++) {
    const i = b.gates[G + j];
    const f = b.gates[G + H + j];
    const g = b.gates[G + 2 * H + j];
    const o = b.gates[G + 3 * H + j];
    const tc = b.tanhC[at + j];
    const cPrev = prevRow >= 0 ? b.c[prevRow * H + j] : 0;
    const dcj = dcNext[j] + dh[j] * o * (1 - tc * tc);
    dc[j] = dcj;
    dGates[j] = dcj * g * i * (1 - i);
    dGates[H + j] = dcj * cPrev * f * (1 - f);
    dGates[2 * H + j] = dcj * i * (1 - g * g);
    dGates[3 * H + j] = dh[j] * tc * o * (1 - o);
    dcPrev[j] = dcj * f;
  }
  gemvT(w.whh, 4 * H, H, dGates, 0, dhPrev, 0, false);
}

// J v for J = ∂h_t/∂h_{t−1} with c_{t−1} held fixed (the cell-state path is what dL/dc shows):
// d[i f g o] = [σ', σ', tanh', σ'] ⊙ W_hh v;  dc = df ⊙ c_{t−1} + di ⊙ g + i ⊙ dg;  J v = do ⊙ tanh c_t + o ⊙ (1 − tanh²c_t) ⊙ dc
export function lstmStepTangent(
  w: LayerWeights, b: LstmBuffers, H: number, row: number, prevRow: number,
  v: Float64Array, dGates: Float64Array, out: Float64Array,
): void {
  const G = row * 4 * H;
  const at = row * H;
  gemv(w.whh, 4 * H, H, v, 0, dGates, 0, false);
  for (let j = 0; j < H; j++) {
    const i = b.gates[G + j];
    const f = b.gates[G + H + j];
    const g = b.gates[G + 2 * H + j];
    const o = b.gates[G + 3 * H + j];
    const tc = b.tanhC[at + j];
    const cPrev = prevRow >= 0 ? b.c[prevRow * H + j] : 0;
    const di = dGates[j] * i * (1 - i);
    const df = dGates[H + j] * f * (1 - f);
    const dg = dGates[2 * H + j] * (1 - g * g);
    const dO = dGates[3 * H + j] * o * (1 - o);
    out[j] = dO * tc + o * (1 - tc * tc) * (df * cPrev + di * g + i * dg);
  }
}
