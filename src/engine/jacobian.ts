// How much one step stretches a change in h: the spectral norm ‖∂h_t/∂h_{t−1}‖₂ (largest singular value).
// Products of these along the sequence bound how fast dL/dh_t can grow or shrink going back in time.
//
// Golub–Kahan–Lanczos bidiagonalization, using only products J v (the cells' tangent functions) and Jᵀ u (their
// backward step functions), never forming J: k steps build orthonormal bases V, U with J V = U B, B bidiagonal, and
// σ_max(B) approaches σ_max(J) from below, much faster than power iteration when the top two singular values are
// close (where 6 power iterations had left a GRU step 0.12% short). It stops once σ changes by less than 1e−12
// relative, or after COLD_STEPS from a fixed start vector, WARM_STEPS from the previous step's top singular
// vector (the Jacobians of consecutive steps are close). Both bases are kept orthogonal explicitly (H is small).
//
// The sequence is cut into up to LANES stretches of at least MIN_STRETCH consecutive steps that are walked side by
// side, one step of each per wave: a wave's J v and Jᵀ u are then matrix products over up to LANES vectors (each
// weight loaded serves all of them) instead of one mat-vec per step. Each stretch starts cold and warm-starts
// within itself, so the result depends on the sequence alone, not on which other sequences exist.
import type { StepRows } from './batch';
import { createBidiagonalScratch, largestSingularValue, rightSingularVector, type BidiagonalScratch } from './bidiagonal';
import type { SequenceSlice } from './data';
import { gruStepBackward, gruStepTangent } from './gruCell';
import { norm2 } from './linalg';
import { lstmStepBackward, lstmStepTangent } from './lstmCell';
import { createRandom } from './random';
import type { Real } from './real';
import { rnnStepBackward, rnnStepTangent } from './rnnCell';
import type { Workspace } from './workspace';

/** Lanczos steps at most: at each stretch's first step (cold), and from the previous step's vector (warm) */
const COLD_STEPS = 30;
const WARM_STEPS = 6;
const SETTLED = 1e-9;
/** stretches walked side by side (vectors per product) */
export const LANES = 8;
/** steps per stretch at least: a stretch's later steps start warm, and only its first pays for a cold start */
const MIN_STRETCH = 8;

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
  /** per lane: the Krylov bases and B's diagonal and superdiagonal (made on first use; see lanczosState) */
  lanczos?: LanczosState;
}

interface LanczosState {
  /** lane c's basis vector i at (c · (COLD_STEPS + 1) + i) · H */
  V: Float64Array;
  U: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  steps: Int32Array;
  y: Float64Array;
  bidiagonal: BidiagonalScratch;
}

function lanczosState(ws: Workspace, lanes: number): LanczosState {
  const H = ws.dims.hiddenSize;
  const known = ws.jacobian.lanczos;
  if (known && known.steps.length >= lanes) return known;
  const state: LanczosState = {
    V: new Float64Array(lanes * (COLD_STEPS + 1) * H),
    U: new Float64Array(lanes * (COLD_STEPS + 1) * H),
    alpha: new Float64Array(lanes * COLD_STEPS),
    beta: new Float64Array(lanes * COLD_STEPS),
    steps: new Int32Array(lanes),
    y: new Float64Array(COLD_STEPS),
    bidiagonal: createBidiagonalScratch(COLD_STEPS),
  };
  ws.jacobian.lanczos = state;
  return state;
}

/** σ_max(∂h_t/∂h_{t−1}) of layer l at every step of one sequence (at t = 0 the derivative is taken at h_{−1} = 0).
 *  Reads what the last forward pass left: the layer's buffers and its packed W_hh and W_hhᵀ. */
export function stepJacobianNorms(ws: Workspace, sequence: SequenceSlice, l: number): Float64Array {
  const H = ws.dims.hiddenSize;
  const scratch = ws.jacobian;
  const { step, v } = scratch;
  const T = sequence.length;
  const norms = new Float64Array(T);
  const lanes = Math.max(1, Math.min(LANES, Math.floor(T / MIN_STRETCH)));
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
    lanczos(ws, l, size, w === 0 ? COLD_STEPS : WARM_STEPS);
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
      lanczos(ws, l, size, COLD_STEPS);
      for (let c = 0; c < size; c++) if (!Number.isFinite(scratch.sigma[c])) v.set(start, c * H);
    }
    for (let c = 0; c < size; c++) norms[from(c) + w] = scratch.sigma[c];
  }
  return norms;
}

// For each lane c with settled[c] = 0 on entry (the others are left as they are): Lanczos bidiagonalization from
// its row of v (a unit vector), up to maxSteps steps; sigma[c] ← σ_max(B), and v's row ← the top right singular
// vector's estimate (the Ritz vector), the warm start for the lane's next step.
function lanczos(ws: Workspace, l: number, lanes: number, maxSteps: number): void {
  const H = ws.dims.hiddenSize;
  const { v, jv, jtu, sigma, settled } = ws.jacobian;
  const state = lanczosState(ws, lanes);
  const { V, U, alpha, beta, steps } = state;
  const width = (COLD_STEPS + 1) * H;
  let active = 0;
  for (let c = 0; c < lanes; c++) {
    if (settled[c]) continue;
    for (let j = 0; j < H; j++) V[c * width + j] = v[c * H + j];
    steps[c] = 0;
    sigma[c] = 0;
    active++;
  }
  for (let k = 0; k < maxSteps && active > 0; k++) {
    tangent(ws, l, v, jv);
    // u_k = (J v_k − β_{k−1} u_{k−1}) / α_k, kept orthogonal to the earlier u's
    for (let c = 0; c < lanes; c++) {
      if (settled[c]) continue;
      const at = c * width + k * H;
      for (let j = 0; j < H; j++) U[at + j] = jv[c * H + j] - (k > 0 ? beta[c * COLD_STEPS + k - 1] * U[at - H + j] : 0);
      orthogonalize(U, c * width, k, H);
      const a = norm2(U, at, H);
      if (!(a > 0) || !Number.isFinite(a)) {
        // J v_k lies in the span already found (or is 0, or not finite): B so far is the whole story
        if (k === 0) sigma[c] = a;
        finish(state, v, sigma, settled, c, k, H);
        active--;
        continue;
      }
      alpha[c * COLD_STEPS + k] = a;
      for (let j = 0; j < H; j++) jv[c * H + j] = U[at + j] /= a;
    }
    if (active === 0) break;
    cotangent(ws, l, jv, jtu);
    // v_{k+1} = (Jᵀ u_k − α_k v_k) / β_k, kept orthogonal to the earlier v's
    for (let c = 0; c < lanes; c++) {
      if (settled[c]) continue;
      const at = c * width + (k + 1) * H;
      const a = alpha[c * COLD_STEPS + k];
      for (let j = 0; j < H; j++) V[at + j] = jtu[c * H + j] - a * V[at - H + j];
      orthogonalize(V, c * width, k + 1, H);
      const b = norm2(V, at, H);
      beta[c * COLD_STEPS + k] = b;
      steps[c] = k + 1;
      const previous = sigma[c];
      sigma[c] = largestSingularValue(alpha, beta, c * COLD_STEPS, k + 1, state.bidiagonal, previous);
      const invariant = !(b > 1e-14 * sigma[c]) || !Number.isFinite(b);
      if (invariant || Math.abs(sigma[c] - previous) <= SETTLED * sigma[c] || k + 1 === maxSteps) {
        finish(state, v, sigma, settled, c, k + 1, H);
        active--;
        continue;
      }
      for (let j = 0; j < H; j++) v[c * H + j] = V[at + j] /= b;
    }
  }
}

// q ← q − Σ_i (q·b_i) b_i over basis vectors b_0 … b_{count−1} (twice: once is not enough in floating point)
function orthogonalize(basis: Float64Array, base: number, count: number, H: number): void {
  const at = base + count * H;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < count; i++) {
      const b = base + i * H;
      let dot = 0;
      for (let j = 0; j < H; j++) dot += basis[at + j] * basis[b + j];
      for (let j = 0; j < H; j++) basis[at + j] -= dot * basis[b + j];
    }
  }
}

// Lane c is done after n steps: v's row ← V y, y the top right singular vector of the n × n B (unit, as V's
// columns are orthonormal); with no step (J v = 0 or not finite), v stays as it was.
function finish(state: LanczosState, v: Real, sigma: Float64Array, settled: Uint8Array, c: number, n: number, H: number): void {
  settled[c] = 1;
  if (n === 0 || !(sigma[c] > 0) || !Number.isFinite(sigma[c])) return;
  const { V, alpha, beta, y } = state;
  const width = (COLD_STEPS + 1) * H;
  rightSingularVector(alpha, beta, c * COLD_STEPS, n, sigma[c], state.bidiagonal, y);
  let length = 0;
  for (let j = 0; j < H; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] * V[c * width + i * H + j];
    v[c * H + j] = s;
    length += s * s;
  }
  length = Math.sqrt(length);
  if (length > 0) for (let j = 0; j < H; j++) v[c * H + j] /= length;
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
