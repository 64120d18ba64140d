// Every job the extension hands to its workers, typed once: the host's client and the worker's handlers both
// import this map, so a request and its reply cannot disagree. Types only: the host bundle stays free of the
// parser and the engine, which load in the worker.
import type { ModelSpec, TrainHistory, TrainProgress, WeightValue } from '../engine/types';
import type { Comparison, HostToWebview, PreviewModel, PreviewProblem, Thresholds } from '../protocol';
import type { SpecFileErrorCode } from '../spec/files';
import type { Problem } from '../spec/types';
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
}

export type PreviewOutcome = { type: 'model'; uri: string; model: PreviewModel } | Extract<HostToWebview, { type: 'invalid' }>;

export type CompareOutcome = { type: 'comparison'; comparison: Comparison } | SpecInvalid;
export type GradientCheckOutcome = { type: 'gradcheck'; markdown: string; ok: boolean } | SpecInvalid;

export interface TrainInput {
  spec: SpecSnapshot;
  /** overrides the spec's training.epochs */
  epochs?: number;
  /** when neither `epochs` nor the spec says (the setting unroll.training.defaultEpochs) */
  defaultEpochs?: number;
  /** progress is reported at least this often (and at the end) */
  progressEveryMs?: number;
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
      model: ModelSpec;
    }
  | SpecInvalid;

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
  /** parse and validate only: the diagnostics */
  check: JobSignature<SpecSnapshot, Problem[]>;
  compare: JobSignature<SpecSnapshot, CompareOutcome>;
  gradcheck: JobSignature<SpecSnapshot, GradientCheckOutcome>;
  train: JobSignature<TrainInput, TrainOutcome, TrainReport>;
  /** a PyTorch checkpoint read (nothing in it runs) and turned into a spec, or the candidates to choose from */
  importCheckpoint: JobSignature<ImportInput, ImportResult>;
  /** the spec as a PyTorch script that reproduces it */
  exportPytorch: JobSignature<ExportScriptInput, ExportScriptOutcome>;
};

export type JobName = keyof UnrollJobs;
