// BPTT against central finite differences, one parameter element at a time:
//   numeric = (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε,  error O(ε²) from the Taylor terms + O(u·|L|/ε) from rounding.
// With ε = 1e−6 in float64 both are ~1e−10 for an O(1) loss, hence an absolute tolerance as well as a relative one:
//   relativeError = |a − n| / max(|a|, |n|, absoluteTolerance / relativeTolerance),  ok ⇔ relativeError ≤ relativeTolerance
// so gradients smaller than absoluteTolerance/relativeTolerance are in effect compared to absoluteTolerance.
// Full BPTT only: a truncated gradient is deliberately not the loss's derivative. At a relu kink (a pre-activation
// at 0) the loss has no derivative: its one-sided slopes differ by O(1) where a smooth loss's differ by O(ε·L″).
// There any value between them is a subgradient, and the check asks only that BPTT's lies in that range.
// The work is bounded and can be stopped: see gradcheckPlan.ts for the budget, and GradientCheckControl.
import { backwardAll } from './backward';
import { forwardAll } from './forward';
import { DEFAULT_GRADCHECK_BUDGET, planCheck, type CheckPlan } from './gradcheckPlan';
import { dimsOf, paramLayout } from './params';
import { createRandom } from './random';
import type { EngineSpec, GradientCheckEntry, GradientCheckResult } from './types';
import { createWorkspace, type Workspace } from './workspace';

/** Plain data (it crosses postMessage to the worker). */
export interface GradientCheckOptions {
  epsilon?: number; // default 1e-6
  relativeTolerance?: number; // default 1e-5
  absoluteTolerance?: number; // default 1e-8
  /** Check every element when the model has at most this many parameters; otherwise a seeded sample. Default 2000. */
  maxElements?: number;
  /** Elements sampled per parameter when sampling. Default 32. */
  samplesPerParameter?: number;
  seed?: number;
  /** Multiply-adds the check may spend (DEFAULT_GRADCHECK_BUDGET); Infinity: every planned element on every sequence. */
  budget?: number;
}

/** How the caller steers a running check (functions: they stay on the side that runs it). */
export interface GradientCheckControl {
  /** polled before every element: true stops the check, whose result then says it was cancelled */
  shouldStop?: () => boolean;
  /** after every element: how many are checked of how many planned */
  onProgress?: (checked: number, planned: number) => void;
}

export interface GradientChecker {
  /** Check up to `elements` more elements; false once there is nothing more to do (all done, budget spent, cancelled). */
  step(elements?: number): boolean;
  /** Stop here: the result holds what was checked and says it was cancelled. */
  cancel(): void;
  readonly checked: number;
  readonly planned: number;
  result(): GradientCheckResult;
}

export function gradientCheck(spec: EngineSpec, options: GradientCheckOptions = {}, control: GradientCheckControl = {}): GradientCheckResult {
  const checker = createGradientChecker(spec, options);
  while (!control.shouldStop?.() && checker.step(1)) control.onProgress?.(checker.checked, checker.planned);
  if (control.shouldStop?.()) checker.cancel();
  return checker.result();
}

/** A gradient check run a few elements at a time, so a worker can report progress and stop between slices. */
export function createGradientChecker(spec: EngineSpec, options: GradientCheckOptions = {}): GradientChecker {
  const epsilon = options.epsilon ?? 1e-6;
  const relativeTolerance = options.relativeTolerance ?? 1e-5;
  const floor = (options.absoluteTolerance ?? 1e-8) / relativeTolerance;
  const budget = options.budget ?? DEFAULT_GRADCHECK_BUDGET;
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const sample = layout.size > (options.maxElements ?? 2000);
  const plan = planCheck(dims, layout, spec.data.sequences, budget, {
    sample,
    perParameter: options.samplesPerParameter ?? 32,
    random: createRandom(options.seed ?? 0),
  });
  const sequences = plan.sequences.map((i) => spec.data.sequences[i]);
  const ws = createWorkspace(plan.sequences.length === spec.data.sequences.length ? spec : { ...spec, data: { ...spec.data, sequences } });
  let work = 0;
  const forward = () => {
    work += plan.passCost;
    return forwardAll(ws);
  };
  const loss = forward();
  backwardAll(ws);
  work += 2 * plan.passCost;
  const analytic = Float64Array.from(ws.grads);
  const entries: (GradientCheckEntry & { at: number })[] = [];
  let next = 0;
  let stopped: 'budget' | 'cancelled' | undefined;

  const checker: GradientChecker = {
    step(count = 1) {
      for (let i = 0; i < count && next < plan.order.length && !stopped; i++) {
        // Always one element, whatever the budget: a check that checked nothing says nothing.
        if (next > 0 && work + 2 * plan.passCost > budget) stopped = 'budget';
        else entries.push(checkElement(ws, plan, next++, analytic, forward, loss, epsilon, relativeTolerance, floor));
      }
      return next < plan.order.length && !stopped;
    },
    cancel() {
      if (next < plan.order.length) stopped ??= 'cancelled';
    },
    get checked() {
      return entries.length;
    },
    planned: plan.order.length,
    result() {
      const sorted = [...entries].sort((a, b) => a.at - b.at).map(({ at: _at, ...entry }) => entry);
      const maxRelativeError = sorted.reduce((m, e) => (e.relativeError > m || Number.isNaN(e.relativeError) ? e.relativeError : m), 0);
      return {
        entries: sorted,
        maxRelativeError,
        ok: sorted.every((e) => e.ok),
        checked: sorted.length,
        total: layout.size,
        loss,
        coverage: {
          sequences: plan.sequences,
          sequenceCount: spec.data.sequences.length,
          planned: plan.order.length,
          sampled: sample,
          budget,
          work,
          budgetForAll: plan.budgetForAll,
          ...(stopped ? { stopped } : {}),
        },
      };
    },
  };
  return checker;
}

/** One element: central differences against BPTT, refined or probed for a kink where they disagree. */
function checkElement(
  ws: Workspace,
  plan: CheckPlan,
  position: number,
  analytic: Float64Array,
  forward: () => number,
  loss: number,
  epsilon: number,
  relativeTolerance: number,
  floor: number,
): GradientCheckEntry & { at: number } {
  const [entryIndex, i] = plan.order[position];
  const entry = ws.layout.entries[entryIndex];
  const k = entry.offset + i;
  const original = ws.params[k];
  const lossAt = (delta: number) => {
    ws.params[k] = original + delta;
    const value = forward();
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
  return {
    at: k,
    name: entry.name,
    index: entry.isMatrix ? [Math.floor(i / entry.cols), i % entry.cols] : [i],
    analytic: a,
    numeric,
    relativeError,
    ...(refinedEpsilon ? { refinedEpsilon } : {}),
    ...(kink ? { kink } : {}),
    ok: agrees || (kink !== undefined && isBetween(a, kink.left, kink.right, relativeTolerance, floor)),
  };
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
