// How much one step stretches a change in h: the spectral norm ‖∂h_t/∂h_{t−1}‖₂ (largest singular value).
// Products of these along the sequence bound how fast dL/dh_t can grow or shrink going back in time.
//
// Power iteration on JᵀJ, using only products J v (the cells' tangent functions) and Jᵀ u (their backward step
// functions), never forming J: v ← Jᵀ(J v) / ‖Jᵀ(J v)‖, σ ≈ ‖J v‖. It is deliberately *few* iterations —
// FIRST_ITERATIONS from a fixed start vector, then WARM_ITERATIONS starting from the previous step's vector (the
// Jacobians of consecutive steps are close) — and it stops once σ changes by less than 1e−9 relative. The estimate
// approaches σ_max from below; it is meant for a plot on a log scale, not for a proof.
//
// The sequence is cut into LANES stretches of consecutive steps that are walked side by side, one step of each per
// wave: a wave's J v and Jᵀ u are then matrix products over up to LANES vectors (each weight loaded serves all of
// them) instead of one mat-vec per step. Each stretch starts cold and warm-starts within itself, so the result
// depends on the sequence's length only, not on which other sequences exist.
import type { StepRows } from './batch';
import type { SequenceSlice } from './data';
import { gruStepBackward, gruStepTangent } from './gruCell';
import { norm2 } from './linalg';
import { lstmStepBackward, lstmStepTangent } from './lstmCell';
import { createRandom } from './random';
import type { Real } from './real';
import { rnnStepBackward, rnnStepTangent } from './rnnCell';
import type { Workspace } from './workspace';

/** a cold start: every stretch's first step (a small gap σ₂/σ₁ needs many: 30 left a GRU step 0.15% short) */
const FIRST_ITERATIONS = 100;
const WARM_ITERATIONS = 6;
const SETTLED = 1e-9;
/** stretches walked side by side (vectors per product) */
export const LANES = 8;

/** The per-lane vectors power iteration works on (workspace.ts allocates them with the other buffers). */
export interface JacobianScratch {
  /** LANES × H: the current unit vectors, J v, and Jᵀ J v */
  v: Real;
  jv: Real;
  jtu: Real;
  /** LANES × GH, for the cells' gate-sized intermediates */
  gates: Real;
  gates2: Real;
  /** LANES × H: the LSTM's dc (unused), and "no gradient through c_t from the future" */
  cells: Real;
  zero: Real;
  /** one step of each lane being measured */
  step: StepRows;
  sigma: Float64Array;
  settled: Uint8Array;
}

/** σ_max(∂h_t/∂h_{t−1}) of layer l at every step of one sequence (at t = 0 the derivative is taken at h_{−1} = 0).
 *  Reads what the last forward pass left: the layer's buffers and its packed W_hh and W_hhᵀ. */
export function stepJacobianNorms(ws: Workspace, sequence: SequenceSlice, l: number): Float64Array {
  const H = ws.dims.hiddenSize;
  const scratch = ws.jacobian;
  const { step, v } = scratch;
  const T = sequence.length;
  const norms = new Float64Array(T);
  const lanes = Math.min(LANES, T);
  // Lane c walks steps [from(c), from(c + 1)): the longer stretches first, so a wave's lanes are always a prefix.
  const from = (c: number) => c * Math.floor(T / lanes) + Math.min(c, T % lanes);
  const start = startVector(H);
  for (let c = 0; c < lanes; c++) v.set(start, c * H);
  const waves = from(1);
  for (let w = 0; w < waves; w++) {
    let size = 0;
    while (size < lanes && from(size) + w < from(size + 1)) {
      const t = from(size) + w;
      step.rows[size] = sequence.start + t;
      step.prevRows[size] = t > 0 ? sequence.start + t - 1 : -1;
      size++;
    }
    step.size = size;
    step.first = false; // each lane's own t = 0 is in prevRows (−1)
    scratch.settled.fill(0, 0, size);
    powerIterate(ws, l, size, w === 0 ? FIRST_ITERATIONS : WARM_ITERATIONS);
    // The previous vector may lie in this step's null space (e.g. relu units that switched off): those lanes start
    // over from the start vector, and keep it if even that gives no finite σ.
    let restart = 0;
    for (let c = 0; c < size; c++) {
      const failed = scratch.sigma[c] === 0 || !Number.isFinite(scratch.sigma[c]);
      scratch.settled[c] = failed ? 0 : 1;
      if (failed) v.set(start, c * H);
      restart += failed ? 1 : 0;
    }
    if (restart > 0) {
      powerIterate(ws, l, size, FIRST_ITERATIONS);
      for (let c = 0; c < size; c++) if (!Number.isFinite(scratch.sigma[c])) v.set(start, c * H);
    }
    for (let c = 0; c < size; c++) norms[from(c) + w] = scratch.sigma[c];
  }
  return norms;
}

// For each lane c with settled[c] = 0 on entry (the others are left as they are): v (unit, in place) ← Jᵀ J v /
// ‖Jᵀ J v‖, `iterations` times or until σ_c = ‖J v‖ settles.
function powerIterate(ws: Workspace, l: number, lanes: number, iterations: number): void {
  const H = ws.dims.hiddenSize;
  const { v, jv, jtu, sigma, settled } = ws.jacobian;
  tangent(ws, l, v, jv);
  let active = 0;
  for (let c = 0; c < lanes; c++) {
    if (settled[c]) continue;
    sigma[c] = norm2(jv, c * H, H);
    if (sigma[c] > 0 && Number.isFinite(sigma[c])) active++;
    else settled[c] = 1;
  }
  for (let k = 0; k < iterations && active > 0; k++) {
    cotangent(ws, l, jv, jtu);
    for (let c = 0; c < lanes; c++) {
      if (settled[c]) continue;
      const length = norm2(jtu, c * H, H);
      if (!(length > 0) || !Number.isFinite(length)) {
        settled[c] = 1;
        active--;
        continue;
      }
      for (let j = c * H; j < (c + 1) * H; j++) v[j] = jtu[j] / length;
    }
    tangent(ws, l, v, jv);
    for (let c = 0; c < lanes; c++) {
      if (settled[c]) continue;
      const next = norm2(jv, c * H, H);
      if (Math.abs(next - sigma[c]) <= SETTLED * next) {
        settled[c] = 1;
        active--;
      }
      sigma[c] = next;
    }
  }
}

// J v for every lane of the wave
function tangent(ws: Workspace, l: number, V: Real, out: Real): void {
  const { dims, kernels: k } = ws;
  const layer = ws.layers[l];
  const { step, gates } = ws.jacobian;
  if (dims.cell === 'rnn') rnnStepTangent(k, layer, dims.nonlinearity, dims.hiddenSize, step, V, out);
  else if (dims.cell === 'lstm') lstmStepTangent(k, layer, dims.hiddenSize, step, V, gates, out);
  else gruStepTangent(k, layer, dims.hiddenSize, step, V, gates, out);
}

// Jᵀ u for every lane: one backward step with no gradient arriving through c_t from the future
function cotangent(ws: Workspace, l: number, U: Real, out: Real): void {
  const { dims, kernels: k } = ws;
  const layer = ws.layers[l];
  const { step, gates, gates2, cells, zero } = ws.jacobian;
  if (dims.cell === 'rnn') rnnStepBackward(k, layer, dims.nonlinearity, dims.hiddenSize, step, U, gates, out);
  else if (dims.cell === 'lstm') lstmStepBackward(k, layer, dims.hiddenSize, step, U, zero, gates, cells, out, cells);
  else gruStepBackward(k, layer, dims.hiddenSize, step, U, gates, gates2, out);
}

// A fixed pseudo-random unit vector: not orthogonal to the top singular vector except by accident, and the same every run.
function startVector(H: number): Float64Array {
  const random = createRandom(0x5eed);
  const v = new Float64Array(H);
  for (let j = 0; j < H; j++) v[j] = random.gaussian();
  const length = norm2(v);
  for (let j = 0; j < H; j++) v[j] /= length;
  return v;
}
