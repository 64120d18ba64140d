// How much one step stretches a change in h: the spectral norm ‖∂h_t/∂h_{t−1}‖₂ (largest singular value).
// Products of these along the sequence bound how fast dL/dh_t can grow or shrink going back in time.
//
// Power iteration on JᵀJ, using only products J v (the cells' tangent functions) and Jᵀ u (their backward step
// functions), never forming J: v ← Jᵀ(J v) / ‖Jᵀ(J v)‖, σ ≈ ‖J v‖. It is deliberately *few* iterations —
// FIRST_ITERATIONS at a layer's first step, then WARM_ITERATIONS starting from the previous step's vector (the
// Jacobians of consecutive steps are close) — and it stops once σ changes by less than 1e−9 relative. The estimate
// approaches σ_max from below; it is meant for a plot on a log scale, not for a proof.
import { createStepRows, selectRow } from './batch';
import type { SequenceSlice } from './data';
import { gruStepBackward, gruStepTangent } from './gruCell';
import { norm2 } from './linalg';
import { lstmStepBackward, lstmStepTangent } from './lstmCell';
import { createRandom } from './random';
import { rnnStepBackward, rnnStepTangent } from './rnnCell';
import type { Workspace } from './workspace';

const FIRST_ITERATIONS = 30;
const WARM_ITERATIONS = 6;
const SETTLED = 1e-9;

/** σ_max(∂h_t/∂h_{t−1}) of layer l at every step of one sequence (at t = 0 the derivative is taken at h_{−1} = 0).
 *  Reads what the last forward pass left: the layer's buffers and its W_hhᵀ. */
export function stepJacobianNorms(ws: Workspace, sequence: SequenceSlice, l: number): Float64Array {
  const { dims } = ws;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const layer = ws.layers[l];
  const w = ws.weights.layers[l];
  const norms = new Float64Array(sequence.length);
  const start = startVector(H);
  const v = Float64Array.from(start);
  const jv = new Float64Array(H);
  const jtu = new Float64Array(H);
  const gateScratch = new Float64Array(GH);
  const gateScratch2 = new Float64Array(GH);
  const zero = new Float64Array(H);
  const cellScratch = new Float64Array(H);

  // The step being measured (for the backward step functions, a batch of this one sequence); the two closures
  // read it, so nothing is allocated per step.
  let row = 0;
  let prevRow = -1;
  const step = createStepRows(1);
  // J v
  const tangent = (vector: Float64Array, out: Float64Array) => {
    if (dims.cell === 'rnn') rnnStepTangent(w, dims.nonlinearity, layer, H, row, vector, out);
    else if (dims.cell === 'lstm') lstmStepTangent(w, layer, H, row, prevRow, vector, gateScratch, out);
    else gruStepTangent(w, layer, H, row, prevRow, vector, gateScratch, out);
  };
  // Jᵀ u: one backward step with no gradient arriving through c_t from the future
  const cotangent = (u: Float64Array, out: Float64Array) => {
    if (dims.cell === 'rnn') rnnStepBackward(layer.whhT, dims.nonlinearity, layer, H, step, u, gateScratch, out);
    else if (dims.cell === 'lstm') lstmStepBackward(layer.whhT, layer, H, step, u, zero, gateScratch, cellScratch, out, cellScratch);
    else gruStepBackward(layer.whhT, layer, H, step, u, gateScratch, gateScratch2, out);
  };

  for (let t = 0; t < sequence.length; t++) {
    row = sequence.start + t;
    prevRow = t > 0 ? row - 1 : -1;
    selectRow(row, t, step);
    let sigma = powerIterate(tangent, cotangent, v, jv, jtu, t === 0 ? FIRST_ITERATIONS : WARM_ITERATIONS);
    if (sigma === 0 || !Number.isFinite(sigma)) {
      // The previous vector may lie in this step's null space (e.g. relu units that switched off): restart.
      v.set(start);
      sigma = powerIterate(tangent, cotangent, v, jv, jtu, FIRST_ITERATIONS);
      if (!Number.isFinite(sigma)) v.set(start);
    }
    norms[t] = sigma;
  }
  return norms;
}

// v (unit, updated in place) ← Jᵀ J v / ‖Jᵀ J v‖; returns ‖J v‖ for the final v.
function powerIterate(
  tangent: (v: Float64Array, out: Float64Array) => void, cotangent: (u: Float64Array, out: Float64Array) => void,
  v: Float64Array, jv: Float64Array, jtu: Float64Array, iterations: number,
): number {
  tangent(v, jv);
  let sigma = norm2(jv);
  for (let k = 0; k < iterations && sigma > 0 && Number.isFinite(sigma); k++) {
    cotangent(jv, jtu);
    const length = norm2(jtu);
    if (!(length > 0) || !Number.isFinite(length)) break;
    for (let j = 0; j < v.length; j++) v[j] = jtu[j] / length;
    tangent(v, jv);
    const next = norm2(jv);
    const settled = Math.abs(next - sigma) <= SETTLED * next;
    sigma = next;
    if (settled) break;
  }
  return sigma;
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
