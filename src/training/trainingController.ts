import * as vscode from 'vscode';
import type { TrainingDelta, TrainingProgress } from '../protocol';
import type { Jobs } from '../jobs/jobs';
import type { SpecSnapshot, TrainOutcome, TrainReport } from '../jobs/types';
import type { SpecFiles } from '../documents/specFiles';
import type { SpecResults } from '../state/specResults';
import { saveTrainedWeights } from './trainedModel';

/** How often the worker reports (and so how often each view gets a small delta): ten times a second at most. */
const REPORT_EVERY_MS = 100;

/**
 * Trains a spec in a worker with a cancellable progress notification. The host keeps the curves, the trained
 * weights and the snapshots for a replay (SpecResults), so every view of the spec shows them, now or after it is
 * reopened; nothing is written into the spec until the user asks (Write Trained Weights into Spec).
 */
export class TrainingController implements vscode.Disposable {
  private readonly sessions = new Map<string, AbortController>();
  private readonly onDidFailEmitter = new vscode.EventEmitter<{ uri: string; message: string }>();
  /** Training could not start (the spec has errors): the views say why. */
  readonly onDidFail = this.onDidFailEmitter.event;

  constructor(
    private readonly jobs: Jobs,
    private readonly files: SpecFiles,
    private readonly results: SpecResults,
  ) {}

  isTraining(uri: vscode.Uri): boolean {
    return this.sessions.has(uri.toString());
  }

  /** Resolves with the final progress when training ends, however it ends (undefined if it could not start). */
  async train(document: vscode.TextDocument, epochs?: number): Promise<TrainingProgress | undefined> {
    const key = document.uri.toString();
    if (this.sessions.has(key)) {
      void vscode.window.showInformationMessage('Unroll: this spec is already training.');
      return undefined;
    }
    const stop = new AbortController();
    this.sessions.set(key, stop);
    this.updateContext();
    try {
      const spec = await this.files.snapshot(document);
      const total = epochs ?? vscode.workspace.getConfiguration('unroll').get<number>('training.defaultEpochs', 200);
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Unroll: training ${document.uri.path.split('/').pop()}`, cancellable: true },
        (report, token) => {
          token.onCancellationRequested(() => stop.abort());
          return this.run(key, spec, epochs, total, stop.signal, report);
        },
      );
    } finally {
      this.sessions.delete(key);
      this.updateContext();
    }
  }

  private async run(
    key: string,
    spec: SpecSnapshot,
    epochs: number | undefined,
    defaultEpochs: number,
    signal: AbortSignal,
    report: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<TrainingProgress | undefined> {
    const start: TrainingProgress = { uri: key, epoch: 0, epochs: epochs ?? defaultEpochs, batch: 0, batches: 1, updates: 0, loss: [], gradNorm: [], validationLoss: [], state: 'running' };
    // A new run: the last run's snapshots no longer belong to what the curves show (a replay ends with them).
    this.results.set(key, 'snapshots', undefined);
    this.results.set(key, 'training', start);
    let reported = 0;
    const outcome = await this.jobs.run(
      'train',
      { spec, epochs, defaultEpochs, progressEveryMs: REPORT_EVERY_MS, snapshots: true },
      {
        signal,
        onProgress: (delta) => {
          this.results.appendTraining(deltaOf(key, delta));
          const { epoch, epochs: total, batch, batches } = delta.progress;
          const percent = (100 * (epoch + batch / Math.max(1, batches))) / Math.max(1, total);
          report.report({ increment: percent - reported, message: describeProgress(delta) });
          reported = percent;
        },
      },
    );
    const result = outcome.status === 'ok' ? outcome.value : outcome.status === 'cancelled' ? outcome.partial : undefined;
    if (result?.type === 'invalid') {
      const { line, column, message } = result.problem;
      void vscode.window.showErrorMessage(`Unroll: cannot train — line ${line}, column ${column}: ${message}`);
      this.results.set(key, 'training', undefined);
      this.failed(key, `line ${line}, column ${column}: ${message}`);
      return undefined;
    }
    const final = result ? this.keep(key, result, outcome.status === 'cancelled') : this.lost(key, outcome);
    this.results.set(key, 'training', final);
    return { ...final };
  }

  /** The run's end as the host keeps it: the whole history, the trained weights and the snapshots. */
  private keep(key: string, result: Extract<TrainOutcome, { type: 'trained' }>, cancelled: boolean): TrainingProgress {
    const { progress, history } = result;
    const last = [...history.loss].reverse().find((loss) => Number.isFinite(loss));
    const summary = `${progress.epoch} epoch${progress.epoch === 1 ? '' : 's'}${last === undefined ? '' : `, loss ${format(last)}`}`;
    this.results.set(key, 'trained', { weights: result.weights, model: result.model, summary });
    if (result.snapshots.length > 0) this.results.set(key, 'snapshots', { model: result.model, list: result.snapshots, epochs: progress.epoch });
    return {
      uri: key,
      epoch: progress.epoch,
      epochs: progress.epochs,
      batch: progress.batch,
      batches: progress.batches,
      updates: progress.updates,
      loss: history.loss,
      gradNorm: history.gradNorm,
      validationLoss: history.validationLoss,
      state: cancelled ? 'cancelled' : progress.status === 'diverged' ? 'diverged' : 'done',
      ...(result.divergence ? { divergence: result.divergence } : {}),
      ...(result.snapshots.length > 0 ? { replayEpochs: result.snapshots.map((s) => s.epoch) } : {}),
    };
  }

  /** No answer (the worker failed, or it was stopped before it could say): the curves so far, stopped. */
  private lost(key: string, outcome: { status: string; message?: string }): TrainingProgress {
    if (outcome.status === 'failed' || outcome.status === 'timeout') void vscode.window.showErrorMessage(`Unroll: training failed: ${outcome.message}`);
    const shown = this.results.get(key).training;
    return { ...(shown ?? { uri: key, epoch: 0, epochs: 0, batch: 0, batches: 1, updates: 0, loss: [], gradNorm: [], validationLoss: [] }), state: 'cancelled' };
  }

  private failed(uri: string, message: string): void {
    this.onDidFailEmitter.fire({ uri, message });
  }

  /** Lets menus show Stop Training only while something trains. */
  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'unroll.training', this.sessions.size > 0);
  }

  stop(uri?: vscode.Uri): void {
    const sessions = uri ? [this.sessions.get(uri.toString())] : [...this.sessions.values()];
    for (const session of sessions) session?.abort();
  }

  /** Writes the trained weights into the spec as one undoable edit (nothing is saved to disk). */
  async saveWeights(document: vscode.TextDocument): Promise<boolean> {
    const trained = this.results.get(document.uri).trained;
    if (!trained) {
      void vscode.window.showInformationMessage('Unroll: train this spec first (Unroll: Train).');
      return false;
    }
    // Weights fit the model they were trained as: a spec whose model changed since gets none of them.
    const saved = saveTrainedWeights(document.getText(), trained.model, trained.weights);
    if (!saved.ok) {
      void vscode.window.showWarningMessage(`Unroll: the trained weights were not written — ${saved.message}`);
      return false;
    }
    const edits = saved.edits;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    return vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    this.stop();
    this.onDidFailEmitter.dispose();
  }
}

/** A worker's report as the views' delta: what is new in the curves, and where the run stands. */
export function deltaOf(uri: string, report: TrainReport): TrainingDelta {
  const { epoch, epochs, batch, batches, updates } = report.progress;
  return { uri, epoch, epochs, batch, batches, updates, state: 'running', from: report.from, loss: report.loss, gradNorm: report.gradNorm, validationLoss: report.validationLoss };
}

/** "epoch 3/100 · minibatch 12/40 · loss 1.234" for the notification. */
function describeProgress(report: TrainReport): string {
  const { epoch, epochs, batch, batches, loss, batchLoss } = report.progress;
  const minibatch = batches > 1 ? ` · minibatch ${batch}/${batches}` : '';
  const shown = epoch > 0 ? loss : batchLoss;
  return `epoch ${epoch}/${epochs}${minibatch} · loss ${format(shown)}`;
}

function format(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
