import * as vscode from 'vscode';
import type { TrainingProgress } from '../protocol';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import type { SpecResults } from '../state/specResults';
import { saveTrainedWeights } from './trainedModel';

/**
 * Trains a spec in a worker with a cancellable progress notification. The host keeps the curves and the trained
 * weights (SpecResults), so every view of the spec shows them, now or after it is reopened; nothing is written
 * into the spec until the user asks (Write Trained Weights into Spec).
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
    spec: Awaited<ReturnType<SpecFiles['snapshot']>>,
    epochs: number | undefined,
    defaultEpochs: number,
    signal: AbortSignal,
    report: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<TrainingProgress | undefined> {
    const progress: TrainingProgress = { uri: key, epoch: 0, epochs: epochs ?? defaultEpochs, loss: [], gradNorm: [], state: 'running' };
    let reported = 0;
    const publish = () => this.results.set(key, 'training', { ...progress, loss: [...progress.loss], gradNorm: [...progress.gradNorm] });
    publish();
    const outcome = await this.jobs.run(
      'train',
      { spec, epochs, defaultEpochs, progressEveryMs: 50 },
      {
        signal,
        onProgress: (delta) => {
          progress.loss.push(...delta.loss);
          progress.gradNorm.push(...delta.gradNorm);
          progress.epoch = delta.progress.epoch;
          progress.epochs = delta.progress.epochs;
          const percent = (100 * progress.epoch) / Math.max(1, progress.epochs);
          report.report({ increment: percent - reported, message: `epoch ${progress.epoch}/${progress.epochs}, loss ${format(progress.loss.at(-1))}` });
          reported = percent;
          publish();
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
    if (result) {
      this.results.set(key, 'trained', { weights: result.weights, model: result.model });
      progress.loss = result.history.loss;
      progress.gradNorm = result.history.gradNorm;
      progress.epoch = result.progress.epoch;
      progress.epochs = result.progress.epochs;
      progress.state = outcome.status === 'cancelled' ? 'cancelled' : result.progress.status === 'diverged' ? 'diverged' : 'done';
    } else {
      const why = outcome.status === 'failed' || outcome.status === 'timeout' ? outcome.message : 'it was stopped';
      if (outcome.status === 'failed' || outcome.status === 'timeout') void vscode.window.showErrorMessage(`Unroll: training failed: ${why}`);
      progress.state = 'cancelled';
    }
    publish();
    return { ...progress };
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

function format(value: number | undefined): string {
  return value === undefined ? '–' : Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
