// Each step's own share of every parameter gradient, summed over sequences (steps aligned from each sequence's
// start). The step-t summands are rank-1 products of what BPTT already stored:
//   W_ih: Σ_s dGi_{s,t} x_{s,t}ᵀ   W_hh: Σ_s dGh_{s,t} h_{s,t−1}ᵀ   b_ih: Σ_s dGi_{s,t}   b_hh: Σ_s dGh_{s,t}
//   fc.weight: Σ_s dz_{s,t} h_{s,t}ᵀ   fc.bias: Σ_s dz_{s,t}
// and their sum over t is the gradient itself.
import { addOuterProducts, dot, norm2 } from './linalg';
import { entryValue, type ParamEntry } from './params';
import type { WeightValue } from './types';
import type { Workspace } from './workspace';

/** One sequence's factors of a step-t summand: a bᵀ for a matrix, a alone for a bias. */
interface Factor {
  a: Float64Array;
  b: Float64Array | null;
}

function stepFactors(ws: Workspace, entry: ParamEntry, t: number): Factor[] {
  const factors: Factor[] = [];
  const top = ws.dims.numLayers - 1;
  for (const state of ws.states) {
    if (t >= state.length) continue;
    if (entry.layer < 0) {
      factors.push({ a: state.dz.rows[t], b: entry.isMatrix ? state.layers[top].h.rows[t] : null });
      continue;
    }
    const layer = state.layers[entry.layer];
    const kind = entry.name.slice(0, entry.name.lastIndexOf('_l'));
    if (kind === 'weight_ih') factors.push({ a: layer.dGi.rows[t], b: layer.input.rows[t] });
    else if (kind === 'bias_ih') factors.push({ a: layer.dGi.rows[t], b: null });
    else if (kind === 'bias_hh') factors.push({ a: layer.dGh.rows[t], b: null });
    else if (t > 0) factors.push({ a: layer.dGh.rows[t], b: layer.h.rows[t - 1] }); // weight_hh; h_{−1} = 0
  }
  return factors;
}

/** Σ_s a_s b_sᵀ (or Σ_s a_s) written into `out` (rows × cols, zeroed here). */
function sumFactors(factors: Factor[], entry: ParamEntry, out: Float64Array): void {
  out.fill(0);
  for (const { a, b } of factors) {
    if (b) addOuterProducts(out, a, b, 1, entry.rows, entry.cols);
    else for (let i = 0; i < a.length; i++) out[i] += a[i];
  }
}

// ‖Σ_s a_s b_sᵀ‖_F, without forming the matrix when that is cheaper:
// one sequence: ‖a‖ ‖b‖;  few: ‖Σ_s a_s b_sᵀ‖_F² = Σ_{s,s'} (a_s·a_s')(b_s·b_s')
function summandNorm(factors: Factor[], entry: ParamEntry, scratch: Float64Array): number {
  if (factors.length === 0) return 0;
  if (!entry.isMatrix) {
    sumFactors(factors, entry, scratch);
    return norm2(scratch);
  }
  if (factors.length === 1) return norm2(factors[0].a) * norm2(factors[0].b!);
  const S = factors.length;
  if (S * (entry.rows + entry.cols) >= entry.rows * entry.cols) {
    sumFactors(factors, entry, scratch);
    return norm2(scratch);
  }
  let squared = 0;
  for (let s = 0; s < S; s++) {
    for (let r = s; r < S; r++) {
      const term = dot(factors[s].a, factors[r].a) * dot(factors[s].b!, factors[r].b!);
      squared += r === s ? term : 2 * term;
    }
  }
  return Math.sqrt(Math.max(0, squared)); // rounding can leave a tiny negative where the summands cancel
}

/** parameter name → [step] → Frobenius norm of that step's summand */
export function contributionNorms(ws: Workspace): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const entry of ws.layout.entries) {
    const scratch = new Float64Array(entry.size);
    const norms: number[] = [];
    for (let t = 0; t < ws.dataset.maxLength; t++) norms.push(summandNorm(stepFactors(ws, entry, t), entry, scratch));
    result[entry.name] = norms;
  }
  return result;
}

/** parameter name → [step] → that step's summand, in the parameter's own layout */
export function contributionSummands(ws: Workspace): Record<string, WeightValue[]> {
  const result: Record<string, WeightValue[]> = {};
  for (const entry of ws.layout.entries) {
    const scratch = new Float64Array(entry.size);
    const summands: WeightValue[] = [];
    for (let t = 0; t < ws.dataset.maxLength; t++) {
      sumFactors(stepFactors(ws, entry, t), entry, scratch);
      summands.push(entryValue(entry, scratch, 0));
    }
    result[entry.name] = summands;
  }
  return result;
}
