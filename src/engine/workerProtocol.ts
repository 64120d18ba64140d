// Messages between the extension host and the engine worker (src/engine/worker.ts). Both sides import these
// types, so a message one side sends and the other does not handle is a type error. Every request carries an
// `id` that its responses repeat; NaN and ±Infinity survive postMessage (structured clone), unlike JSON.
import type { GradientCheckOptions } from './gradcheck';
import type { EngineSpec, GradientCheckResult, RunOptions, RunResult, TrainOptions, TrainProgress, TrainResult } from './types';

export type WorkerRequest =
  | { type: 'run'; id: number; spec: EngineSpec; options?: RunOptions }
  | { type: 'gradientCheck'; id: number; spec: EngineSpec; options?: GradientCheckOptions }
  /** progress is posted at least every `progressEveryMs` (default 100) and at the end */
  | { type: 'train'; id: number; spec: EngineSpec; options?: TrainOptions; progressEveryMs?: number }
  /** stops the training (or drops the pending result) with this id; unknown ids are ignored */
  | { type: 'cancel'; id: number };

export type WorkerResponse =
  | { type: 'runResult'; id: number; result: RunResult }
  | { type: 'gradientCheckResult'; id: number; result: GradientCheckResult }
  /** `history` holds only the epochs since the previous progress message, the first of them being epoch index `from`
   *  (validationLoss is empty without a validation set) */
  | { type: 'trainProgress'; id: number; progress: TrainProgress; history: { from: number; loss: number[]; gradNorm: number[]; validationLoss: number[] } }
  /** the final state; `cancelled` when a cancel arrived first (the weights are those reached so far) */
  | { type: 'trainResult'; id: number; result: TrainResult; cancelled: boolean }
  /** an exception inside the engine: a bug or an invalid spec that slipped past the spec layer */
  | { type: 'error'; id: number; message: string };
