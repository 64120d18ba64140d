// The LSTM cell, as torch.nn.LSTM: gate rows stacked i, f, g, o (each H rows) in W_ih, W_hh, b_ih, b_hh.
// Buffers hold one row per (sequence, step); a step runs a batch of sequences at once (see batch.ts), row s of the
// batch's vectors being sequence s's. At a sequence's first step h_{−1} = c_{−1} = 0.
// `gates` holds the activations [i f g o] (4H per row); gi = W_ih x_t + b_ih comes precomputed for every row.
import type { Real } from './real';
import { sigmoid, tanh } from './activations';
import type { StepRows } from './batch';
import type { Kernels } from './kernels/kernels';
import type { PackedMatrix } from './kernels/packed';

/** What a step reads and writes: the layer's buffers and its recurrent weights. */
export interface LstmLayer {
  gi: Real; // rows × 4H
  gates: Real; // rows × 4H
  c: Real; // rows × H
  tanhC: Real; // rows × H
  h: Real; // rows × H
  whh: PackedMatrix; // W_hh (4H × H), for W_hh h
  whhT: PackedMatrix; // W_hhᵀ, for W_hhᵀ δ
  bhh: Real; // 4H
}

/** Where each gate's H units start within a row of 4H: PyTorch's order. */
export const GATE_I = 0;
export const GATE_F = 1;
export const GATE_G = 2;
export const GATE_O = 3;

// [i f g o] = [σ σ tanh σ](W_ih x_t + b_ih + W_hh h_{t−1} + b_hh);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
// The recurrent term for the whole batch is one product, W_hh h_{t−1} per sequence, written into the gate rows first.
export function lstmStep(k: Kernels, b: LstmLayer, H: number, step: StepRows): void {
  if (!step.first) k.multiplyRows(b.whh, b.h, step.prevRows, b.gates, step.rows, step.size);
  k.lstmGates(b, H, step);
}

// The rest of lstmStep (the kernels' reference), row by row.
export function lstmGatesRows(b: LstmLayer, H: number, step: StepRows): void {
  for (let s = 0; s < step.size; s++) lstmGatesAndState(b, H, step.rows[s], step.prevRows[s]);
}

// The rest of lstmStep for one row, whose gate row already holds W_hh h_{t−1} (or nothing, prevRow < 0).
function lstmGatesAndState(b: LstmLayer, H: number, row: number, prevRow: number): void {
  const at = row * 4 * H;
  const i = at + GATE_I * H;
  const f = at + GATE_F * H;
  const g = at + GATE_G * H;
  const o = at + GATE_O * H;
  const gates = b.gates;
  if (prevRow < 0) gates.fill(0, at, at + 4 * H);
  for (let r = 0; r < 4 * H; r++) gates[at + r] = gates[at + r] + b.gi[at + r] + b.bhh[r];
  for (let j = i; j < g; j++) gates[j] = sigmoid(gates[j]); // i and f
  for (let j = g; j < o; j++) gates[j] = tanh(gates[j]);
  for (let j = o; j < o + H; j++) gates[j] = sigmoid(gates[j]);
  const unit = row * H;
  const prev = prevRow * H;
  // tanh c and o tanh c read c and tanh c back as stored: in float32 the store rounds, and the kernels do the same
  for (let j = 0; j < H; j++) {
    const cPrev = prevRow >= 0 ? b.c[prev + j] : 0;
    b.c[unit + j] = gates[f + j] * cPrev + gates[i + j] * gates[g + j];
    b.tanhC[unit + j] = tanh(b.c[unit + j]);
    b.h[unit + j] = gates[o + j] * b.tanhC[unit + j];
  }
}

// dc_t = dcNext + dh_t ⊙ o ⊙ (1 − tanh²c_t)   (dcNext = dc_{t+1} ⊙ f_{t+1}, the path through the next cell state)
// d[i f g o] = [dc⊙g, dc⊙c_{t−1}, dc⊙i, dh⊙tanh c_t] ⊙ [σ', σ', tanh', σ'];  dc_{t−1} = dc_t ⊙ f
// dh_{t−1} = W_hhᵀ d[i f g o], one product over the batch.
// dh, dcNext, dc, dhPrev, dcPrev: one row (H) per sequence of the batch; dGates one row of 4H.
// dcPrev may be the same array as dcNext (each unit is read before it is written).
export function lstmStepBackward(
  k: Kernels, b: LstmLayer, H: number, step: StepRows,
  dh: Real, dcNext: Real, dGates: Real, dc: Real, dhPrev: Real, dcPrev: Real,
): void {
  k.lstmGatesBackward(b, H, step, dh, dcNext, dGates, dc, dcPrev);
  k.multiplyRows(b.whhT, dGates, null, dhPrev, null, step.size);
}

// The elementwise half of lstmStepBackward (the kernels' reference), row by row.
export function lstmGatesBackwardRows(
  b: LstmLayer, H: number, step: StepRows, dh: Real, dcNext: Real, dGates: Real, dc: Real, dcPrev: Real,
): void {
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * 4 * H;
    const unit = step.rows[s] * H;
    const prevRow = step.prevRows[s];
    const v = s * H;
    const dI = s * 4 * H + GATE_I * H;
    const dF = s * 4 * H + GATE_F * H;
    const dG = s * 4 * H + GATE_G * H;
    const dO = s * 4 * H + GATE_O * H;
    for (let j = 0; j < H; j++) {
      const i = b.gates[at + GATE_I * H + j];
      const f = b.gates[at + GATE_F * H + j];
      const g = b.gates[at + GATE_G * H + j];
      const o = b.gates[at + GATE_O * H + j];
      const tc = b.tanhC[unit + j];
      const cPrev = prevRow >= 0 ? b.c[prevRow * H + j] : 0;
      const dcj = dcNext[v + j] + dh[v + j] * o * (1 - tc * tc);
      dc[v + j] = dcj;
      dGates[dI + j] = dcj * g * i * (1 - i);
      dGates[dF + j] = dcj * cPrev * f * (1 - f);
      dGates[dG + j] = dcj * i * (1 - g * g);
      dGates[dO + j] = dh[v + j] * tc * o * (1 - o);
      dcPrev[v + j] = dcj * f;
    }
  }
}

// J v for J = ∂h_t/∂h_{t−1} with c_{t−1} held fixed (the cell-state path is what dL/dc shows), for one v (row s of
// V) per row of the step: u = W_hh v;  d[i f g o] = [σ', σ', tanh', σ'] ⊙ u;  dc = df ⊙ c_{t−1} + di ⊙ g + i ⊙ dg;
// J v = do ⊙ tanh c_t + o ⊙ (1 − tanh²c_t) ⊙ dc.  U: one row of 4H per v.
export function lstmStepTangent(k: Kernels, b: LstmLayer, H: number, step: StepRows, V: Real, U: Real, out: Real): void {
  k.multiplyRows(b.whh, V, null, U, null, step.size);
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * 4 * H;
    const unit = step.rows[s] * H;
    const prevRow = step.prevRows[s];
    const u = s * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = b.gates[at + GATE_I * H + j];
      const f = b.gates[at + GATE_F * H + j];
      const g = b.gates[at + GATE_G * H + j];
      const o = b.gates[at + GATE_O * H + j];
      const tc = b.tanhC[unit + j];
      const cPrev = prevRow >= 0 ? b.c[prevRow * H + j] : 0;
      const di = U[u + GATE_I * H + j] * i * (1 - i);
      const df = U[u + GATE_F * H + j] * f * (1 - f);
      const dg = U[u + GATE_G * H + j] * (1 - g * g);
      const dO = U[u + GATE_O * H + j] * o * (1 - o);
      out[s * H + j] = dO * tc + o * (1 - tc * tc) * (df * cPrev + di * g + i * dg);
    }
  }
}
