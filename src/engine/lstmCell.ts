// The LSTM cell, as torch.nn.LSTM: gate rows stacked i, f, g, o (each H rows) in W_ih, W_hh, b_ih, b_hh.
// Buffers hold one row per (sequence, step); a step runs a batch of sequences at once (see batch.ts), row k of the
// batch's vectors being sequence k's. At a sequence's first step h_{−1} = c_{−1} = 0.
// `gates` holds the activations [i f g o] (4H per row); gi = W_ih x_t + b_ih comes precomputed for every row.
import { sigmoid } from './activations';
import type { StepRows } from './batch';
import { gemmRows } from './gemm';
import { gemv } from './linalg';
import type { LayerWeights } from './params';

export interface LstmBuffers {
  gi: Float64Array; // rows × 4H
  gates: Float64Array; // rows × 4H
  c: Float64Array; // rows × H
  tanhC: Float64Array; // rows × H
  h: Float64Array; // rows × H
}

// [i f g o] = [σ σ tanh σ](W_ih x_t + b_ih + W_hh h_{t−1} + b_hh);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
// The recurrent term for the whole batch is one product, H_{t−1} W_hhᵀ, written into the gate rows first.
export function lstmStep(w: LayerWeights, b: LstmBuffers, H: number, step: StepRows): void {
  if (!step.first) gemmRows(w.whh, 4 * H, H, b.h, step.prevRows, b.gates, step.rows, step.size, false);
  for (let k = 0; k < step.size; k++) lstmGatesAndState(w, b, H, step.rows[k], step.first ? -1 : step.prevRows[k]);
}

// The rest of lstmStep for one row, whose gate row already holds W_hh h_{t−1} (or nothing, prevRow < 0).
function lstmGatesAndState(w: LayerWeights, b: LstmBuffers, H: number, row: number, prevRow: number): void {
  const G = row * 4 * H;
  const at = row * H;
  const prev = prevRow * H;
  if (prevRow < 0) b.gates.fill(0, G, G + 4 * H);
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
// d[i f g o] = [dc⊙g, dc⊙c_{t−1}, dc⊙i, dh⊙tanh c_t] ⊙ [σ', σ', tanh', σ'];  dc_{t−1} = dc_t ⊙ f
// dH_{t−1} = dGates W_hh for the whole batch, row by row W_hhᵀ d[i f g o] (whhT = W_hhᵀ, H × 4H).
// dh, dcNext, dc, dhPrev, dcPrev: one row (H) per sequence of the batch; dGates one row of 4H.
// dcPrev may be the same array as dcNext (each unit is read before it is written).
export function lstmStepBackward(
  whhT: Float64Array, b: LstmBuffers, H: number, step: StepRows,
  dh: Float64Array, dcNext: Float64Array, dGates: Float64Array, dc: Float64Array, dhPrev: Float64Array, dcPrev: Float64Array,
): void {
  for (let k = 0; k < step.size; k++) {
    const G = step.rows[k] * 4 * H;
    const at = step.rows[k] * H;
    const prev = step.first ? -1 : step.prevRows[k] * H;
    const v = k * H;
    const dG = k * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = b.gates[G + j];
      const f = b.gates[G + H + j];
      const g = b.gates[G + 2 * H + j];
      const o = b.gates[G + 3 * H + j];
      const tc = b.tanhC[at + j];
      const cPrev = prev >= 0 ? b.c[prev + j] : 0;
      const dcj = dcNext[v + j] + dh[v + j] * o * (1 - tc * tc);
      dc[v + j] = dcj;
      dGates[dG + j] = dcj * g * i * (1 - i);
      dGates[dG + H + j] = dcj * cPrev * f * (1 - f);
      dGates[dG + 2 * H + j] = dcj * i * (1 - g * g);
      dGates[dG + 3 * H + j] = dh[v + j] * tc * o * (1 - o);
      dcPrev[v + j] = dcj * f;
    }
  }
  gemmRows(whhT, H, 4 * H, dGates, null, dhPrev, null, step.size, false);
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
