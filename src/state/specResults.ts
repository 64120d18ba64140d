// What the host knows about each spec beyond its text: the last training run, the trained weights and the snapshots
// kept for a replay, the last cell comparison, gradient check and sample. The host keeps them, not the views, so a
// view that is hidden, closed and opened again, or reloaded with the window, shows them again.
import * as vscode from 'vscode';
import type { WeightValue } from '../engine/types';
import type { ModelSignature } from '../engine/modelSignature';
import type { WeightSnapshot } from '../engine/snapshots';
import { applyTrainingDelta, type Comparison, type SampleShown, type TrainingDelta, type TrainingProgress } from '../protocol';

export interface TrainedWeights {
  weights: Record<string, WeightValue>;
  /** the model section they were trained for */
  model: ModelSignature;
  /** "100 epochs, loss 1.234": what the sample view says of them */
  summary: string;
}

/** The weights a training run kept, for Training replay (within SNAPSHOT_DEFAULTS: see the README). */
export interface TrainingSnapshots {
  model: ModelSignature;
  /** oldest first; epoch 0 = the initial weights */
  list: WeightSnapshot[];
  /** epochs the run completed */
  epochs: number;
}

export interface SpecResult {
  training?: TrainingProgress;
  trained?: TrainedWeights;
  snapshots?: TrainingSnapshots;
  comparison?: Comparison;
  gradientCheck?: { markdown: string; ok: boolean };
  sample?: SampleShown;
}

export type ResultKind = keyof SpecResult;

/** A result changed; for a running training, `delta` is what was added (the views get only that). */
export interface ResultChange {
  uri: string;
  kind: ResultKind;
  delta?: TrainingDelta;
}

export class SpecResults implements vscode.Disposable {
  private readonly results = new Map<string, SpecResult>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<ResultChange>();
  readonly onDidChange = this.onDidChangeEmitter.event;

  get(uri: vscode.Uri | string): Readonly<SpecResult> {
    return this.results.get(uri.toString()) ?? {};
  }

  set<K extends ResultKind>(uri: vscode.Uri | string, kind: K, value: SpecResult[K]): void {
    const key = uri.toString();
    this.results.set(key, { ...this.results.get(key), [kind]: value });
    this.onDidChangeEmitter.fire({ uri: key, kind });
  }

  /** Adds what a running training reported to the progress kept here, in place: O(what is new), however long the run. */
  appendTraining(delta: TrainingDelta): void {
    const training = this.results.get(delta.uri)?.training;
    if (training && applyTrainingDelta(training, delta)) this.onDidChangeEmitter.fire({ uri: delta.uri, kind: 'training', delta });
  }

  /** The spec was closed and is gone for good (an untitled document): nothing of it is worth keeping. */
  forget(uri: vscode.Uri | string): void {
    this.results.delete(uri.toString());
  }

  dispose(): void {
    this.onDidChangeEmitter.dispose();
  }
}
