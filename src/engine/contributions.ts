// Each step's own share of every parameter gradient, summed over sequences (steps aligned from each sequence's
// start). The step-t summands are rank-1 products of what BPTT already stored:
//   W_ih: Σ_s dGi_{s,t} x_{s,t}ᵀ   W_hh: Σ_s dGh_{s,t} h_{s,t−1}ᵀ   b_ih: Σ_s dGi_{s,t}   b_hh: Σ_s dGh_{s,t}
//   fc.weight: Σ_s dz_{s,t} h_{s,t}ᵀ   fc.bias: Σ_s dz_{s,t}
// and their sum over t is the gradient itself.
import { dot, norm2 } from './linalg';
import { entryValue, type ParamEntry } from './params';
import type { Real } from './real';
import type { WeightValue } from './types';
import type { Workspace } from './workspace';

/** Where one parameter's summand factors live: a_t = a[row · rows ..], b_t = b[(row + bShift) · cols ..]. */
interface FactorSource {
  a: Real;
  b: Real | null;
  /** −1 for W_hh, whose b is the previous step's h (and whose summand at t = 0 is zero) */
  bShift: number;
}

function factorSource(ws: Workspace, entry: ParamEntry): FactorSource {
  if (entry.layer < 0) return { a: ws.dz, b: entry.isMatrix ? ws.layers[ws.dims.numLayers - 1].h : null, bShift: 0 };
  const layer = ws.layers[entry.layer];
  const kind = entry.name.slice(0, entry.name.lastIndexOf('_l'));
  if (kind === 'weight_ih') return { a: layer.dGi, b: layer.input, bShift: 0 };
  if (kind === 'weight_hh') return { a: layer.dGh, b: layer.h, bShift: -1 };
  return { a: kind === 'bias_ih' ? layer.dGi : layer.dGh, b: null, bShift: 0 };
}

/** For each step t, the rows of every sequence that has a step t: worked out once, shared by every parameter. */
function rowsByStep(ws: Workspace): number[][] {
  const byStep: number[][] = Array.from({ length: ws.dataset.maxLength }, () => []);
  for (const { start, length } of ws.dataset.sequences) for (let t = 0; t < length; t++) byStep[t].push(start + t);
  return byStep;
}

/** The rows of every sequence that has a step t (and, for W_hh, a step t − 1). */
function rowsAtStep(byStep: number[][], t: number, source: FactorSource): number[] {
  return t + source.bShift < 0 ? [] : byStep[t];
}

/** Σ_s a_s b_sᵀ (or Σ_s a_s) written into `out` (zeroed here). */
function sumFactors(source: FactorSource, rows: number[], entry: ParamEntry, out: Float64Array): void {
  const { rows: R, cols: C } = entry;
  out.fill(0);
  for (const row of rows) {
    const a = row * R;
    if (!source.b) {
      for (let i = 0; i < R; i++) out[i] += source.a[a + i];
      continue;
    }
    const b = (row + source.bShift) * C;
    for (let i = 0; i < R; i++) {
      const ai = source.a[a + i];
      for (let j = 0; j < C; j++) out[i * C + j] += ai * source.b[b + j];
    }
  }
}

/** Gram matrices a_s·a_r of one factor buffer at one step, shared by the parameters whose summands it is a
 *  factor of (dGi: W_ih and, for rnn and lstm, W_hh), so each is computed once per step. */
type GramCache = Map<Real, (Float64Array | undefined)[]>;

function gramOf(cache: GramCache, a: Real, width: number, rows: number[], t: number): Float64Array {
  let perStep = cache.get(a);
  if (!perStep) cache.set(a, (perStep = []));
  let gram = perStep[t];
  if (!gram) {
    const S = rows.length;
    gram = new Float64Array(S * S);
    for (let s = 0; s < S; s++) {
      for (let r = s; r < S; r++) gram[s * S + r] = dot(a, rows[s] * width, a, rows[r] * width, width);
    }
    perStep[t] = gram;
  }
  return gram;
}

// ‖Σ_s a_s b_sᵀ‖_F, without forming the matrix when that is cheaper:
// one sequence: ‖a‖ ‖b‖;  a few: ‖Σ_s a_s b_sᵀ‖_F² = Σ_{s,s'} (a_s·a_s')(b_s·b_s'), S(S+1)/2 pairs of dot products
// against S·R·C multiply-adds for the sum itself
function summandNorm(source: FactorSource, rows: number[], t: number, entry: ParamEntry, scratch: Float64Array, grams: GramCache): number {
  const S = rows.length;
  if (S === 0) return 0;
  const R = entry.rows;
  const C = entry.cols;
  if (!source.b || ((S + 1) / 2) * (R + C) >= R * C) {
    sumFactors(source, rows, entry, scratch);
    return norm2(scratch);
  }
  const b = source.b;
  const bAt = (row: number) => (row + source.bShift) * C;
  if (S === 1) return norm2(source.a, rows[0] * R, R) * norm2(b, bAt(rows[0]), C);
  const gram = gramOf(grams, source.a, R, rows, t);
  let squared = 0;
  for (let s = 0; s < S; s++) {
    for (let r = s; r < S; r++) {
      const term = gram[s * S + r] * dot(b, bAt(rows[s]), b, bAt(rows[r]), C);
      squared += r === s ? term : 2 * term;
    }
  }
  return Math.sqrt(Math.max(0, squared)); // rounding can leave a tiny negative where the summands cancel
}

/** parameter name → [step] → Frobenius norm of that step's summand */
export function contributionNorms(ws: Workspace): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  const grams: GramCache = new Map();
  const byStep = rowsByStep(ws);
  for (const entry of ws.layout.entries) {
    const source = factorSource(ws, entry);
    const scratch = new Float64Array(entry.size);
    const norms: number[] = [];
    for (let t = 0; t < ws.dataset.maxLength; t++) norms.push(summandNorm(source, rowsAtStep(byStep, t, source), t, entry, scratch, grams));
    result[entry.name] = norms;
  }
  return result;
}

/** parameter name → [step] → that step's summand, in the parameter's own layout */
export function contributionSummands(ws: Workspace): Record<string, WeightValue[]> {
  const result: Record<string, WeightValue[]> = {};
  const byStep = rowsByStep(ws);
  for (const entry of ws.layout.entries) {
    const source = factorSource(ws, entry);
    const scratch = new Float64Array(entry.size);
    const summands: WeightValue[] = [];
    for (let t = 0; t < ws.dataset.maxLength; t++) {
      sumFactors(source, rowsAtStep(byStep, t, source), entry, scratch);
      summands.push(entryValue(entry, scratch, 0));
    }
    result[entry.name] = summands;
  }
  return result;
}
