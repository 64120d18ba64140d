// What the host knows about each spec beyond its text: the last training run, the trained weights, the last cell
// comparison and gradient check. The host keeps them, not the views, so a view that is hidden, closed and opened
// again, or reloaded with the window, shows them again.
import * as vscode from 'vscode';
import type { WeightValue } from '../engine/types';
import type { ModelSignature } from '../engine/modelSignature';
import type { Comparison, TrainingProgress } from '../protocol';

export interface TrainedWeights {
  weights: Record<string, WeightValue>;
  /** the model they were trained for */
  model: ModelSignature;
}

export interface SpecResult {
  training?: TrainingProgress;
  trained?: TrainedWeights;
  comparison?: Comparison;
  gradientCheck?: { markdown: string; ok: boolean };
}

export type ResultKind = keyof SpecResult;

export class SpecResults implements vscode.Disposable {
  private readonly results = new Map<string, SpecResult>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<{ uri: string; kind: ResultKind }>();
  readonly onDidChange = this.onDidChangeEmitter.event;

  get(uri: vscode.Uri | string): Readonly<SpecResult> {
    return this.results.get(uri.toString()) ?? {};
  }

  set<K extends ResultKind>(uri: vscode.Uri | string, kind: K, value: SpecResult[K]): void {
    const key = uri.toString();
    this.results.set(key, { ...this.results.get(key), [kind]: value });
    this.onDidChangeEmitter.fire({ uri: key, kind });
  }

  /** The spec was closed and is gone for good (an untitled document): nothing of it is worth keeping. */
  forget(uri: vscode.Uri | string): void {
    this.results.delete(uri.toString());
  }

  dispose(): void {
    this.onDidChangeEmitter.dispose();
  }
}
