// BPTT against central finite differences, one parameter element at a time:
//   numeric = (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε,  error O(ε²) from the Taylor terms + O(u·|L|/ε) from rounding.
// With ε = 1e−6 in float64 both are ~1e−10 for an O(1) loss, hence an absolute tolerance as well as a relative one:
//   relativeError = |a − n| / max(|a|, |n|, absoluteTolerance / relativeTolerance),  ok ⇔ relativeError ≤ relativeTolerance
// so gradients smaller than absoluteTolerance/relativeTolerance are in effect compared to absoluteTolerance.
// Full BPTT only: a truncated gradient is deliberately not the loss's derivative. At a relu kink (a pre-activation
// at 0) the loss has no derivative: its one-sided slopes differ by O(1) where a smooth loss's differ by O(ε·L″).
// There any value between them is a subgradient, and the check asks only that BPTT's lies in that range.
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
      const lossAt = (delta: number) => {
        ws.params[k] = original + delta;
        const value = forwardAll(ws);
        ws.params[k] = original;
        return value;
      };
      const a = analytic[k];
      const errorOf = (n: number) => Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
      const plus = lossAt(epsilon);
      const minus = lossAt(-epsilon);
      let numeric = (plus - minus) / (2 * epsilon);
      let relativeError = errorOf(numeric);
      // Where the loss's second derivative jumps (a relu feeding a square), central differences are only
      // O(ε) accurate: a tenfold smaller ε that agrees shows the estimate converging to BPTT's value.
      let refinedEpsilon: number | undefined;
      if (!(relativeError <= relativeTolerance)) {
        const fine = (lossAt(epsilon / 10) - lossAt(-epsilon / 10)) / (epsilon / 5);
        if (errorOf(fine) <= relativeTolerance) {
          numeric = fine;
          relativeError = errorOf(fine);
          refinedEpsilon = epsilon / 10;
        }
      }
      const agrees = relativeError <= relativeTolerance; // false for NaN too
      const kink = agrees ? undefined : kinkAt(lossAt, loss, plus, minus, epsilon);
      entries.push({
        name: entry.name,
        index: entry.isMatrix ? [Math.floor(i / entry.cols), i % entry.cols] : [i],
        analytic: a,
        numeric,
        relativeError,
        ...(refinedEpsilon ? { refinedEpsilon } : {}),
        ...(kink ? { kink } : {}),
        ok: agrees || (kink !== undefined && isBetween(a, kink.left, kink.right, relativeTolerance, floor)),
      });
    }
  }
  const maxRelativeError = entries.reduce((m, e) => (e.relativeError > m || Number.isNaN(e.relativeError) ? e.relativeError : m), 0);
  return { entries, maxRelativeError, ok: entries.every((e) => e.ok), checked: entries.length, total: ws.layout.size, loss };
}

/** A kink: the gap between the one-sided slopes does not shrink (at least by half) when ε shrinks tenfold. */
function kinkAt(
  lossAt: (delta: number) => number,
  center: number,
  plus: number,
  minus: number,
  epsilon: number,
): { left: number; right: number } | undefined {
  const left = (center - minus) / epsilon;
  const right = (plus - center) / epsilon;
  const small = epsilon / 10;
  const smallGap = (lossAt(small) - center) / small - (center - lossAt(-small)) / small;
  const gap = right - left;
  return gap !== 0 && Math.abs(smallGap) > 0.5 * Math.abs(gap) ? { left, right } : undefined;
}

function isBetween(value: number, a: number, b: number, relativeTolerance: number, floor: number): boolean {
  const slack = relativeTolerance * Math.max(Math.abs(a), Math.abs(b), floor);
  return value >= Math.min(a, b) - slack && value <= Math.max(a, b) + slack;
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
