// Bounds that keep the editor responsive: the preview re-runs the forward pass and full BPTT on every edit,
// in the extension host, so a spec must be small enough to finish in well under a tenth of a second.
// The schema repeats the per-field maximums (so VS Code's own JSON checker shows them too); a unit test keeps both in step.

export const LIMITS = {
  /** characters in a .rnn.json document */
  documentChars: 2_000_000,
  /** nesting of [ and {: a real spec needs 6 levels */
  nesting: 64,
  inputSize: 256,
  hiddenSize: 256,
  outputSize: 256,
  numLayers: 8,
  /** time steps in one sequence: BPTT keeps every step's state, and the views draw one column per step */
  steps: 2000,
  sequences: 10_000,
  /** time steps summed over all sequences */
  totalSteps: 100_000,
  /** weights and biases, summed */
  parameters: 250_000,
  /** multiply-adds of one forward pass (steps × per-step cost); backward costs about twice as much again */
  work: 50_000_000,
  /** formula parts evaluated to generate the data (steps × size of the formulas); math.js takes ~0.3 µs a part */
  formulaWork: 1_000_000,
  csvBytes: 10_000_000,
  csvRows: 200_000,
  /** a checkpoint may hold more than the model Unroll runs (an encoder, an optimizer's state), but it is read whole */
  checkpointBytes: 100_000_000,
  /** bytes of a data.text file: it is read, decoded and indexed again on every edit */
  textBytes: 10_000_000,
  /** multiply-adds of the forward pass over the text sequences the preview runs (its first ones; training reads all) */
  textPreviewWork: 10_000_000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** Why each limit exists, in words a user can act on. */
export const LIMIT_REASONS: Record<LimitName, string> = {
  documentChars: 'larger files make every keystroke slow to check',
  nesting: 'a spec never needs deeper nesting, and deeper input could exhaust the parser',
  inputSize: 'bigger layers make the live preview too slow to follow your edits',
  hiddenSize: 'bigger hidden states make the live preview too slow to follow your edits',
  outputSize: 'bigger layers make the live preview too slow to follow your edits',
  numLayers: 'deeper stacks make the live preview too slow and the unrolled view unreadable',
  steps: 'backpropagation through time keeps every step, and the views draw one column per step',
  sequences: 'every sequence is run forward and backward on each edit',
  totalSteps: 'every step of every sequence is run forward and backward on each edit',
  parameters: 'every weight gets a gradient on each edit',
  work: 'the live preview re-runs forward and backward passes on every edit and must stay under ~0.1 s',
  formulaWork: 'the formulas are evaluated again for every step on every edit',
  csvBytes: 'the file is read again on every edit',
  csvRows: 'the file is read again on every edit',
  checkpointBytes: "the file is read again on every edit; save only the model's state dict",
  textBytes: 'the file is read again on every edit',
  textPreviewWork: 'a text always has more sequences than the preview can re-run on every edit, so it takes only its first ones, a fifth of the work limit, to stay quick',
};

/**
 * Bounds on training, which runs apart from the preview (in a worker, or the CLI) on every sequence of the data,
 * a minibatch at a time. They bound one update, not the data: one minibatch is the finest step training can stop
 * at, and its workspace keeps every step's state for BPTT. A text's sequences beyond the preview's budget are
 * trained on; the preview and `unroll grad` show the first ones only (DataSourceInfo says how many).
 */
export const TRAINING_LIMITS = {
  /** steps in one minibatch (batchSize × the longest sequence); the preview's own limit, so any data it runs trains full-batch */
  batchSteps: LIMITS.totalSteps,
  /** multiply-adds of one minibatch's forward pass: with the backward pass about a second here, the longest a Stop waits */
  batchWork: 300_000_000,
} as const;

export const TRAINING_LIMIT_REASONS: Record<keyof typeof TRAINING_LIMITS, string> = {
  batchSteps: 'a minibatch keeps the state of every one of its steps for backpropagation through time',
  batchWork: 'one update is the finest step training can be stopped at, and it should take about a second at most',
};

/** Schema paths (as JSON pointers of the instance, numbers as '*') whose `maximum`/`maxItems` is a responsiveness limit. */
export const SCHEMA_LIMITS: Record<string, LimitName> = {
  '/model/inputSize': 'inputSize',
  '/model/hiddenSize': 'hiddenSize',
  '/model/outputSize': 'outputSize',
  '/model/numLayers': 'numLayers',
  '/data/sequences': 'sequences',
  '/data/sequences/*/inputs': 'steps',
  '/data/sequences/*/targets': 'steps',
  '/data/generate/length': 'steps',
  '/data/generate/count': 'sequences',
  '/data/csv/window': 'steps',
  '/data/text/window': 'steps',
  '/training/truncation': 'steps',
};
