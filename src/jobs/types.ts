// Every job the extension hands to its workers, typed once: the host's client and the worker's handlers both
// import this map, so a request and its reply cannot disagree. Types only: the host bundle stays free of the
// parser and the engine, which load in the worker.
import type { TrainHistory, TrainProgress, WeightValue } from '../engine/types';
import type { ModelSignature } from '../engine/modelSignature';
import type { WeightSnapshot } from '../engine/snapshots';
import type { Comparison, Divergence, HostToWebview, PreviewModel, PreviewProblem, SampleShown, Thresholds } from '../protocol';
import type { SpecFileErrorCode } from '../spec/files';
import type { Problem, ProblemFix } from '../spec/types';
import type { ImportOptions, ImportResult } from '../spec/fromCheckpoint';
import type { PytorchExportOptions } from '../export/pytorch';
import type { JobSignature } from '../worker/messages';

/** A file the host would not or could not read, and why (the parser turns it into a problem on the file's name). */
export interface RefusedFile {
  refused: SpecFileErrorCode;
  message: string;
}

/** A spec document as the host saw it at one version, with the files it names already read under the host's rules. */
export interface SpecSnapshot {
  uri: string;
  version: number;
  text: string;
  /** the document's file name, for a spec without a "name" */
  fileName?: string;
  /** by the name written in the spec; the worker reads no file itself */
  files: Record<string, Uint8Array | RefusedFile>;
}

/** A spec that cannot run: its first problem (for a banner or a message), how many there are, and the list. */
export interface SpecInvalid {
  type: 'invalid';
  uri: string;
  version: number;
  problem: PreviewProblem;
  problemCount: number;
  /** every error in order, at most MAX_LISTED_PROBLEMS */
  problems: PreviewProblem[];
}

export interface PreviewInput {
  spec: SpecSnapshot;
  /** absent = the spec's view.sequence, else the first */
  sequence?: number;
  /** whose cell state and gates to draw in a stacked model; absent = the top layer */
  layer?: number;
  thresholds?: Thresholds;
  /** Training replay: run with these weights (a snapshot of the model that was trained) instead of the spec's */
  replay?: ReplayWeights;
}

/** One kept epoch of a training run, with the model it belongs to. */
export interface ReplayWeights {
  epoch: number;
  /** epochs the run completed */
  epochs: number;
  /** every parameter, flat, in the engine's order (WeightSnapshot.params) */
  params: Float64Array;
  model: ModelSignature;
}

export type PreviewOutcome =
  /** `replayRefused`: the replay was asked for but the spec's model is no longer the one trained (the spec's weights ran) */
  | { type: 'model'; uri: string; model: PreviewModel; replayRefused?: string }
  | Extract<HostToWebview, { type: 'invalid' }>;

export type CompareOutcome = { type: 'comparison'; comparison: Comparison } | SpecInvalid;
export type GradientCheckOutcome = { type: 'gradcheck'; markdown: string; ok: boolean } | SpecInvalid;

/** elements checked so far of those planned within the budget */
export interface GradientCheckProgress {
  checked: number;
  planned: number;
}

export interface TrainInput {
  spec: SpecSnapshot;
  /** overrides the spec's training.epochs */
  epochs?: number;
  /** when neither `epochs` nor the spec says (the setting unroll.training.defaultEpochs) */
  defaultEpochs?: number;
  /** progress is reported at least this often (and at the end) */
  progressEveryMs?: number;
  /** keep weight snapshots for a replay (within SNAPSHOT_DEFAULTS) and answer with them */
  snapshots?: boolean;
}

/** Only what is new since the last report: re-sending the whole history would make a long run quadratic. */
export interface TrainReport {
  progress: TrainProgress;
  /** the first of `loss`/`gradNorm`/`validationLoss` is epoch index `from` (a report inside an epoch has none) */
  from: number;
  loss: number[];
  gradNorm: number[];
  /** empty without a validation set */
  validationLoss: number[];
}

export type TrainOutcome =
  | {
      type: 'trained';
      progress: TrainProgress;
      history: TrainHistory;
      weights: Record<string, WeightValue>;
      /** the model that was trained, so saving its weights can refuse a spec whose model has changed since */
      model: ModelSignature;
      /** the kept weights, oldest first (empty unless asked for) */
      snapshots: WeightSnapshot[];
      divergence?: Divergence;
    }
  | SpecInvalid;

/** What the sample view and the prompts need to know of a text spec before sampling. */
export type TextInfo = { type: 'text'; vocabulary: string[]; first: string } | { type: 'refused'; message: string } | SpecInvalid;

export interface SampleInput {
  spec: SpecSnapshot;
  /** absent or empty: the text's first character */
  prime?: string;
  length: number;
  temperature: number;
  seed: number;
  /** weights trained in this session; absent (or for another model) = the spec's */
  trained?: { weights: Record<string, WeightValue>; model: ModelSignature; note: string };
}

export type SampleOutcome = { type: 'sample'; sample: Omit<SampleShown, 'uri'> } | { type: 'refused'; message: string } | SpecInvalid;

export interface ImportInput {
  /** the checkpoint's bytes, read by the host from the file the user picked */
  bytes: Uint8Array;
  fileName: string;
  options: ImportOptions;
}

export interface ExportScriptInput {
  spec: SpecSnapshot;
  options: PytorchExportOptions;
}

export type ExportScriptOutcome = { type: 'script'; script: string } | SpecInvalid;

export type UnrollJobs = {
  preview: JobSignature<PreviewInput, PreviewOutcome>;
  /** parse and validate only: the diagnostics (with a fixKey where a problem has quick fixes) */
  check: JobSignature<SpecSnapshot, Problem[]>;
  /** the quick fixes of one problem the check found, worked out when the editor asks for them */
  fixes: JobSignature<{ spec: SpecSnapshot; fixKey: string }, ProblemFix[]>;
  compare: JobSignature<SpecSnapshot, CompareOutcome>;
  gradcheck: JobSignature<SpecSnapshot, GradientCheckOutcome, GradientCheckProgress>;
  train: JobSignature<TrainInput, TrainOutcome, TrainReport>;
  /** a PyTorch checkpoint read (nothing in it runs) and turned into a spec, or the candidates to choose from */
  importCheckpoint: JobSignature<ImportInput, ImportResult>;
  /** the spec as a PyTorch script that reproduces it */
  exportPytorch: JobSignature<ExportScriptInput, ExportScriptOutcome>;
  /** a text spec's vocabulary and first character (the sample prompt's default) */
  textInfo: JobSignature<SpecSnapshot, TextInfo>;
  /** text written by the spec's character model */
  sample: JobSignature<SampleInput, SampleOutcome>;
};

export type JobName = keyof UnrollJobs;
