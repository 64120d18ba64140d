// What a gradient check will look at, within its budget. Each element checked costs two forward passes over the
// data (more where ε must shrink or a kink is probed): 161 elements of an rnn over 13 sequences of 2,000 steps
// is 40 s. The budget is work, not time: multiply-adds, counted as the passes run, so the same spec checks the
// same elements on every machine and every run, whatever else the machine is doing (a deadline would make the
// answer depend on the load; a caller who wants one passes shouldStop). To fit, the check drops sequences first
// (fewer sequences check the same code paths; fewer elements check fewer weights), down to the first one, then
// checks the planned elements in rounds across the parameters, each parameter's in a seeded random order, so
// that whatever the budget allows is a uniform sample of every parameter, until the budget is spent.
import type { Random } from './random';
import type { Dims, ParamLayout } from './params';
import type { Sequence } from './types';

/** Multiply-adds a check may spend by default: a few seconds of one core (the engine does 0.5 to 1 billion a second
 *  on small recurrent layers, one step at a time). The CLI's --budget changes it. */
export const DEFAULT_GRADCHECK_BUDGET = 2e9;

/** The analytic gradient costs about three forward passes (the forward, then BPTT at about twice its cost). */
const ANALYTIC_PASSES = 3;

export interface CheckPlan {
  /** indices of the sequences the check runs on: the first ones of the spec */
  sequences: number[];
  /** multiply-adds of one forward pass over those sequences */
  passCost: number;
  /** [parameter entry, element index] in the order they are checked: rounds across the parameters */
  order: [number, number][];
  /** the budget that would let every planned element run on every sequence */
  budgetForAll: number;
}

/** Multiply-adds of one time step's forward pass: every layer's two products, and the head. */
export function stepCost(dims: Dims): number {
  let cost = dims.outputSize * dims.hiddenSize;
  for (let layer = 0; layer < dims.numLayers; layer++) {
    const inputWidth = layer === 0 ? dims.inputSize : dims.hiddenSize;
    cost += dims.gateCount * dims.hiddenSize * (inputWidth + dims.hiddenSize);
  }
  return cost;
}

export function planCheck(
  dims: Dims,
  layout: ParamLayout,
  sequences: Sequence[],
  budget: number,
  elements: { sample: boolean; perParameter: number; random: Random },
): CheckPlan {
  const perStep = Math.max(1, stepCost(dims));
  const chosen = layout.entries.map((entry) => chosenElements(entry.size, elements.sample, elements.perParameter, elements.random));
  for (const list of chosen) shuffle(list, elements.random);
  const planned = chosen.reduce((sum, list) => sum + list.length, 0);
  const passesWanted = ANALYTIC_PASSES + 2 * planned;
  const costOf = (count: number) => sequences.slice(0, count).reduce((sum, s) => sum + s.inputs.length, 0) * perStep;
  let count = sequences.length;
  while (count > 1 && passesWanted * costOf(count) > budget) count--;
  const order: [number, number][] = [];
  const rounds = Math.max(0, ...chosen.map((list) => list.length));
  for (let round = 0; round < rounds; round++) {
    chosen.forEach((list, entry) => {
      if (round < list.length) order.push([entry, list[round]]);
    });
  }
  return {
    sequences: Array.from({ length: count }, (_, i) => i),
    passCost: costOf(count),
    order,
    budgetForAll: passesWanted * costOf(sequences.length),
  };
}

function shuffle(list: number[], random: Random): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

/** Every index, or a seeded sample of distinct ones in increasing order. */
function chosenElements(size: number, sample: boolean, perParameter: number, random: Random): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (!sample || size <= perParameter) return all;
  // Partial Fisher–Yates: the first `perParameter` slots end up a uniform sample without repeats.
  for (let i = 0; i < perParameter; i++) {
    const j = i + Math.floor(random.next() * (size - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, perParameter).sort((a, b) => a - b);
}
