// The engine's contract: what a model is, what data it sees, and what one run returns.
// Names and layouts follow PyTorch (torch.nn.RNN/LSTM/GRU + nn.Linear) so weights move between the two unchanged.
// No `vscode` import anywhere under src/engine: the same code runs in the extension host, a worker, the CLI and a browser.

export type CellType = 'rnn' | 'lstm' | 'gru';
/** Hidden nonlinearity of the plain `rnn` cell (PyTorch has tanh and relu; sigmoid and identity are for teaching). */
export type Nonlinearity = 'tanh' | 'relu' | 'sigmoid' | 'identity';
export type OutputActivation = 'identity' | 'sigmoid';
export type InitScheme = 'pytorch' | 'xavier' | 'orthogonal';

/** A weight as written in a spec: a matrix is rows of numbers (PyTorch layout, out × in), a bias a vector. */
export type WeightValue = number[][] | number[];

export interface InitSpec {
  /** pytorch: U(−1/√H, 1/√H) for every parameter (PyTorch's default). */
  scheme?: InitScheme;
  seed?: number;
  /** lstm: the forget gate's bias_ih block starts here (bias_hh's at 0); gru: the update gate's. Absent = as the scheme draws it. */
  forgetBias?: number;
}

export interface ModelSpec {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  numLayers?: number; // default 1
  outputSize: number;
  nonlinearity?: Nonlinearity; // rnn only, default tanh
  outputActivation?: OutputActivation; // default identity
  /** weight_ih_l{k} (G·H × in), weight_hh_l{k} (G·H × H), bias_ih_l{k}, bias_hh_l{k} (G·H), fc.weight (O × H), fc.bias (O);
   *  G = 1 (rnn), 4 (lstm: i, f, g, o), 3 (gru: r, z, n). Missing weights come from `init`. */
  weights?: Record<string, WeightValue>;
  init?: InitSpec;
}

/** One training sequence. For mse a target is a vector; for cross-entropy it is a class index (a number, or [index]). */
export interface Sequence {
  inputs: number[][]; // T × inputSize
  target?: number[] | number; // loss.on = 'last'
  targets?: (number[] | number)[]; // loss.on = 'all', one per step
}

export interface LossSpec {
  type: 'mse' | 'cross-entropy';
  on: 'last' | 'all';
}

export interface TrainingSpec {
  optimizer?: 'sgd' | 'adam';
  learningRate?: number;
  momentum?: number; // sgd
  beta1?: number; // adam
  beta2?: number; // adam
  epsilon?: number; // adam
  epochs?: number;
  clipNorm?: number; // clip by global norm
  clipValue?: number; // clip each gradient element to ±clipValue
  seed?: number;
  truncation?: number; // truncated BPTT(k); absent = full BPTT
  /** sequences per update; absent = every training sequence (full batch) */
  batchSize?: number;
  /** draw a new order of the training sequences every epoch (seeded by `seed`); default true. false keeps the data's order */
  shuffle?: boolean;
  /** float64 (default, exact) or float32 (faster, not bit-exact: see src/engine/real.ts) */
  precision?: 'float64' | 'float32';
}

/**
 * A text as the network reads it: every character is a one-hot input and the character after it the target class.
 * A character is a Unicode code point (not a UTF-16 unit: an emoji is one character). Sequence k covers the
 * characters [k·stride, k·stride + window]: inputs [k·stride, k·stride + window), targets one further on.
 */
export interface TextData {
  /** the vocabulary index (class) of every character of the text, in order */
  codes: Uint8Array;
  /** the distinct characters sorted by code point: input unit j and output class j stand for vocabulary[j] */
  vocabulary: string[];
  window: number;
  stride: number;
}

/** What the engine needs; the spec layer (src/spec) turns a .rnn.json file into this. */
export interface EngineSpec {
  name?: string;
  model: ModelSpec;
  data: {
    /** What `run` computes on. With `text`, the first few of the text's sequences (as many as the preview's budget allows). */
    sequences: Sequence[];
    /** Text data: every sequence of the text, which training and sampling read instead of `sequences`. */
    text?: TextData;
    /** Sequences held out at the end of the data (of `text` when present, else of `sequences`): never trained on,
     *  their loss is reported after every epoch. Absent = 0. */
    validation?: number;
  };
  loss: LossSpec;
  training?: TrainingSpec;
}

export interface RunOptions {
  /** Truncated BPTT(k): gradients flow back at most k steps from each loss term. Absent = full BPTT. */
  truncation?: number;
  /** Keep each step's own summand of every parameter gradient ('full'), only its norm ('norms'), or neither. Default 'norms'. */
  contributions?: 'none' | 'norms' | 'full';
  /** Estimate the spectral norm of every step Jacobian (a few power iterations per step). Default true;
   *  a benchmark that only wants forward + BPTT switches it off, and `jacobianNorm` is then empty. */
  jacobian?: boolean;
  /** Only this sequence's step-Jacobian norms (the others' `jacobianNorm` rows are empty): they cost more than the
   *  rest of a run together, and a view shows one sequence at a time. */
  jacobianSequence?: number;
  /** Only this sequence's per-step traces (outputs, and every layer's hidden, cell, gates, dL/dh, dL/dc; the others'
   *  rows are empty): a view shows one sequence, and nesting thousands of rows for the rest was most of a large
   *  preview's garbage. The loss, gradients and per-step gradient norms still cover every sequence. */
  traceSequence?: number;
}

/** Where a value first stopped being finite (NaN or ±Infinity), in forward order. */
export interface NonFiniteAt {
  sequence: number;
  step: number;
  layer: number;
  /** which quantity: 'hidden', 'cell', 'output', 'loss', 'dLdh', 'dLdc', or a parameter name */
  quantity: string;
  phase: 'forward' | 'backward';
}

export interface LayerTrace {
  /** [sequence][step][unit]: h_t of this layer */
  hidden: number[][][];
  /** LSTM only: c_t */
  cell?: number[][][];
  /** gate activations by name (lstm: i, f, g, o; gru: r, z, n), each [sequence][step][unit] */
  gates?: Record<string, number[][][]>;
  /** total derivative dL/dh_t through every path, [sequence][step][unit] */
  dLdh: number[][][];
  /** LSTM only: dL/dc_t */
  dLdc?: number[][][];
  /** spectral norm (largest singular value) of the step Jacobian ∂h_t/∂h_{t−1}, [sequence][step] */
  jacobianNorm: number[][];
}

/** Everything one forward + BPTT pass computes. Shapes of loss/outputs/hidden/grads/dLdh/dLdc are exactly the PyTorch fixtures'. */
export interface RunResult {
  loss: number;
  /** [sequence][step][output], after outputActivation */
  outputs: number[][][];
  /** top layer's h_t, [sequence][step][unit] */
  hidden: number[][][];
  /** top layer's dL/dh_t */
  dLdh: number[][][];
  /** top layer's dL/dc_t (LSTM) */
  dLdc?: number[][][];
  /** dL/dθ for every parameter, same names and layouts as ModelSpec.weights */
  grads: Record<string, WeightValue>;
  /** the weights actually used (explicit or initialised), same layout */
  weights: Record<string, WeightValue>;
  layers: LayerTrace[];
  /** Euclidean norm of the top layer's dL/dh_t, [sequence][step] */
  stepGradNorm: number[][];
  /** per parameter: each step's summand of its gradient, summed over sequences.
   *  'norms': [step] → Frobenius norm of the summand; 'full': [step] → the summand itself. */
  contributionNorms?: Record<string, number[]>;
  contributions?: Record<string, WeightValue[]>;
  firstNonFinite: NonFiniteAt | null;
}

/** One row of a gradient check: BPTT's derivative of one parameter element against central differences. */
export interface GradientCheckEntry {
  name: string;
  /** [row, column] for a matrix, [i] for a bias */
  index: number[];
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, absoluteTolerance / relativeTolerance) */
  relativeError: number;
  /** set when ε had to shrink tenfold for the central difference to converge (a jump in the second derivative) */
  refinedEpsilon?: number;
  /** The loss has a kink here (a relu at exactly 0): the one-sided slopes [left, right] differ, and any value
   *  between them is a valid (sub)gradient; BPTT's choice, relu′(0) = 0 as in PyTorch, is one of them. */
  kink?: { left: number; right: number };
  ok: boolean;
}

export interface GradientCheckResult {
  entries: GradientCheckEntry[];
  maxRelativeError: number;
  ok: boolean;
  /** elements checked, and how many the model has (fewer are checked when a seeded sample is taken) */
  checked: number;
  total: number;
  /** the loss over the sequences checked (coverage.sequences) */
  loss: number;
  coverage: GradientCheckCoverage;
}

/** What a gradient check looked at within its budget, and how to ask for more. */
export interface GradientCheckCoverage {
  /** indices of the sequences the check ran on (the first ones), and how many the spec has */
  sequences: number[];
  sequenceCount: number;
  /** elements the check meant to look at: all of them, or a seeded sample of each parameter */
  planned: number;
  sampled: boolean;
  /** multiply-adds allowed and spent */
  budget: number;
  work: number;
  /** the budget that would check every planned element on every sequence */
  budgetForAll: number;
  /** why fewer than `planned` elements were checked */
  stopped?: 'budget' | 'cancelled';
}

/** Overrides of spec.training for one training session. */
export interface TrainOptions extends TrainingSpec {
  /** One epoch = one pass over the training sequences in consecutive minibatches of `batchSize` (the last may be smaller). */
  epochs?: number;
  /** Keep copies of the weights as training goes, to replay it (see snapshots.ts); absent = none kept. */
  snapshots?: SnapshotBudget;
}

/** How much memory the weight snapshots of one training run may take: at most `maxCount` snapshots (plus the
 *  latest) and at most `maxBytes` of them; past either, every other snapshot is dropped and the spacing doubles. */
export interface SnapshotBudget {
  maxBytes?: number;
  maxCount?: number;
}

export type TrainStatus = 'running' | 'done' | 'diverged';

/** What a trainer reports after every call to `step` or `stepBatches`. */
export interface TrainProgress {
  /** epochs completed so far */
  epoch: number;
  /** epochs requested in total */
  epochs: number;
  /** minibatch updates done in the epoch under way (0 between epochs), and how many an epoch has */
  batch: number;
  batches: number;
  /** optimiser updates so far, over every epoch */
  updates: number;
  /** the last completed epoch's loss and gradient norm (before clipping): means over its minibatches, each taken
   *  before that minibatch's update (NaN before the first epoch ends) */
  loss: number;
  gradNorm: number;
  /** the last minibatch's own loss, before its update (NaN before the first) */
  batchLoss: number;
  /** mean loss over every validation target after the last completed epoch; NaN without a validation set */
  validationLoss: number;
  status: TrainStatus;
  /** set when status is 'diverged': where the loss or a gradient first stopped being finite */
  firstNonFinite: NonFiniteAt | null;
}

export interface TrainHistory {
  /** one entry per epoch: the mean over its minibatches of the loss (and gradient norm) before each update */
  loss: number[];
  gradNorm: number[];
  /** one entry per epoch, at the weights the epoch ended with; empty without a validation set */
  validationLoss: number[];
}

export interface TrainResult {
  progress: TrainProgress;
  history: TrainHistory;
  weights: Record<string, WeightValue>;
}
