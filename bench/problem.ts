// One benchmark problem: a cell, its sizes, random weights and data — the same numbers for our engine and for tfjs.
import { createRandom } from '../src/engine/random';
import type { EngineSpec } from '../src/engine/types';

export type BenchCell = 'rnn' | 'lstm';

export interface Size {
  input: number;
  hidden: number;
  steps: number;
}

export interface Problem {
  cell: BenchCell;
  size: Size;
  batch: number;
  output: number;
  /** PyTorch names and layouts (out × in), float64 */
  weights: Record<string, number[][] | number[]>;
  /** [sequence][step][input] */
  inputs: number[][][];
  /** [sequence][output], mse on the last step */
  targets: number[][];
}

/** Gates per cell: the rows of weight_ih/weight_hh are G·H. */
export const GATES: Record<BenchCell, number> = { rnn: 1, lstm: 4 };

/** Output size of the linear read-out: one number, so the read-out is negligible next to the recurrence. */
export const OUTPUT_SIZE = 1;

/** The engine's seeded generator (mulberry32), so every run of the bench sees the same problem. */
export function seededRandom(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

export function makeProblem(cell: BenchCell, size: Size, batch: number, seed = 1): Problem {
  const random = seededRandom(seed);
  const uniform = (bound: number) => (2 * random() - 1) * bound;
  const { input, hidden, steps } = size;
  const rows = GATES[cell] * hidden;
  // PyTorch's default init, U(−1/√H, 1/√H): keeps tanh/sigmoid out of saturation, so the loss is a fair check.
  const k = 1 / Math.sqrt(hidden);
  const matrix = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => uniform(k)));
  const vector = (n: number) => Array.from({ length: n }, () => uniform(k));
  const weights = {
    weight_ih_l0: matrix(rows, input),
    weight_hh_l0: matrix(rows, hidden),
    bias_ih_l0: vector(rows),
    bias_hh_l0: vector(rows),
    'fc.weight': matrix(OUTPUT_SIZE, hidden),
    'fc.bias': vector(OUTPUT_SIZE),
  };
  const inputs = Array.from({ length: batch }, () =>
    Array.from({ length: steps }, () => Array.from({ length: input }, () => uniform(1))),
  );
  const targets = Array.from({ length: batch }, () => Array.from({ length: OUTPUT_SIZE }, () => uniform(1)));
  return { cell, size, batch, output: OUTPUT_SIZE, weights, inputs, targets };
}

/** The problem as our engine's input: explicit weights, mse on the last step. */
export function toEngineSpec(problem: Problem): EngineSpec {
  const { cell, size } = problem;
  return {
    name: `bench-${cell}-${size.input}x${size.hidden}x${size.steps}-b${problem.batch}`,
    model: {
      cell,
      inputSize: size.input,
      hiddenSize: size.hidden,
      numLayers: 1,
      outputSize: problem.output,
      ...(cell === 'rnn' ? { nonlinearity: 'tanh' as const } : {}),
      weights: problem.weights,
    },
    data: { sequences: problem.inputs.map((inputs, s) => ({ inputs, target: problem.targets[s] })) },
    loss: { type: 'mse', on: 'last' },
  };
}
