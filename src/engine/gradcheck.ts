// BPTT against central finite differences, one parameter element at a time:
//   numeric = (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε,  error O(ε²) from the Taylor terms + O(u·|L|/ε) from rounding.
// With ε = 1e−6 in float64 both are ~1e−10 for an O(1) loss, hence an absolute tolerance as well as a relative one:
//   relativeError = |a − n| / max(|a|, |n|, absoluteTolerance / relativeTolerance),  ok ⇔ relativeError ≤ relativeTolerance
// so gradients smaller than absoluteTolerance/relativeTolerance are in effect compared to absoluteTolerance.
// Full BPTT only: a truncated gradient is deliberately not the loss's derivative. relu kinks (a pre-activation
// within ε of 0) make finite differences meaningless for that element, not BPTT wrong.
import { backwardAll } from './backward';
import { forwardAll } from './forward';
import { createRandom } from './random';
import type { EngineSpec, GradientCheckEntry, GradientCheckResult } from './types';
import { createWorkspace } from './workspace';

export interface GradientCheckOptions {
  epsilon?: number; // default 1e-6
  relativeTolerance?: number; // default 1e-5
  absoluteTolerance?: number; // default 1e-8
  /** Check every element when the model has at most this many parameters; otherwise a seeded sample. Default 2000. */
  maxElements?: number;
  /** Elements sampled per parameter when sampling. Default 32. */
  samplesPerParameter?: number;
  seed?: number;
}

export function gradientCheck(spec: EngineSpec, options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-6;
  const relativeTolerance = options.relativeTolerance ?? 1e-5;
  const absoluteTolerance = options.absoluteTolerance ?? 1e-8;
  const ws = createWorkspace(spec);
  const loss = forwardAll(ws);
  backwardAll(ws);
  const analytic = Float64Array.from(ws.grads);
  const sample = ws.layout.size > (options.maxElements ?? 2000);
  const random = createRandom(options.seed ?? 0);
  const floor = absoluteTolerance / relativeTolerance;

  const entries: GradientCheckEntry[] = [];
  for (const entry of ws.layout.entries) {
    for (const i of chosenElements(entry.size, sample, options.samplesPerParameter ?? 32, random)) {
      const k = entry.offset + i;
      const original = ws.params[k];
      ws.params[k] = original + epsilon;
      const plus = forwardAll(ws);
      ws.params[k] = original - epsilon;
      const minus = forwardAll(ws);
      ws.params[k] = original;
      const numeric = (plus - minus) / (2 * epsilon);
      const a = analytic[k];
      const relativeError = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      entries.push({
        name: entry.name,
        index: entry.isMatrix ? [Math.floor(i / entry.cols), i % entry.cols] : [i],
        analytic: a,
        numeric,
        relativeError,
        ok: relativeError <= relativeTolerance, // false for NaN too
      });
    }
  }
  const maxRelativeError = entries.reduce((m, e) => (e.relativeError > m || Number.isNaN(e.relativeError) ? e.relativeError : m), 0);
  return { entries, maxRelativeError, ok: entries.every((e) => e.ok), checked: entries.length, total: ws.layout.size, loss };
}

/** Every index, or a seeded sample of distinct ones in increasing order. */
function chosenElements(size: number, sample: boolean, perParameter: number, random: ReturnType<typeof createRandom>): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (!sample || size <= perParameter) return all;
  // Partial Fisher–Yates: the first `perParameter` slots end up a uniform sample without repeats.
  for (let i = 0; i < perParameter; i++) {
    const j = i + Math.floor(random.next() * (size - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, perParameter).sort((a, b) => a - b);
}
