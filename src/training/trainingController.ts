import * as vscode from 'vscode';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WeightValue } from '../engine/types';
import type { TrainingProgress } from '../protocol';
import type { WorkerRequest, WorkerResponse } from '../engine/workerProtocol';
import type { PreviewRunner } from '../preview/previewRunner';
import { weightsEdits } from './weightsEdit';
import { documentJob } from '../preview/documentJob';

interface Session {
  worker: Worker;
  progress: TrainingProgress;
  stop(): void;
}

/**
 * Trains a spec in a worker thread with a cancellable progress notification, streams the curves to
 * the previews, and keeps the trained weights until the user saves them into the spec (or not).
 */
export class TrainingController implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly trained = new Map<string, Record<string, WeightValue>>();
  private readonly onDidProgressEmitter = new vscode.EventEmitter<TrainingProgress>();
  readonly onDidProgress = this.onDidProgressEmitter.event;

  constructor(
    private readonly workerFile: string,
    private readonly runner: PreviewRunner,
  ) {}

  static forExtension(extensionPath: string, runner: PreviewRunner): TrainingController {
    return new TrainingController(path.join(extensionPath, 'dist', 'worker.js'), runner);
  }

  isTraining(uri: vscode.Uri): boolean {
    return this.sessions.has(uri.toString());
  }

  trainedWeights(uri: vscode.Uri): Record<string, WeightValue> | undefined {
    return this.trained.get(uri.toString());
  }

  /** Resolves with the final progress when training ends, however it ends. */
  async train(document: vscode.TextDocument, epochs?: number): Promise<TrainingProgress | undefined> {
    const key = document.uri.toString();
    if (this.sessions.has(key)) {
      void vscode.window.showInformationMessage('Unroll: this spec is already training.');
      return undefined;
    }
    // Parsed in the worker: reading a CSV or evaluating formulas never blocks the editor.
    const parsed = await this.runner.request('parse', documentJob(document));
    const error = parsed.problems.find((p) => p.severity === 'error');
    if (!parsed.spec || error) {
      const where = error ? `line ${error.line}, column ${error.column}: ${error.message}` : 'the spec could not be read';
      void vscode.window.showErrorMessage(`Unroll: cannot train — ${where}`);
      return undefined;
    }
    const spec = parsed.spec;
    const total = epochs ?? spec.training?.epochs ?? vscode.workspace.getConfiguration('unroll').get<number>('training.defaultEpochs', 200);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Unroll: training ${path.basename(document.uri.path)}`, cancellable: true },
      (report, token) =>
        new Promise<TrainingProgress | undefined>((resolve) => {
          const worker = new Worker(this.workerFile);
          const id = 1;
          const progress: TrainingProgress = { uri: key, epoch: 0, epochs: total, loss: [], gradNorm: [], state: 'running' };
          let reported = 0;
          const finish = (state: TrainingProgress['state']) => {
            if (!this.sessions.has(key)) return;
            this.sessions.delete(key);
            this.updateContext();
            progress.state = state;
            void worker.terminate();
            this.onDidProgressEmitter.fire({ ...progress });
            resolve({ ...progress });
          };
          // Cancelling asks the worker to stop between epochs; it answers with the weights reached so far.
          const session: Session = { worker, progress, stop: () => worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest) };
          this.sessions.set(key, session);
          this.updateContext();
          token.onCancellationRequested(() => session.stop());
          const show = (epoch: number, total: number) => {
            const percent = (100 * epoch) / Math.max(1, total);
            report.report({ increment: percent - reported, message: `epoch ${epoch}/${total}, loss ${format(progress.loss.at(-1))}` });
            reported = percent;
          };
          worker.on('message', (message: WorkerResponse) => {
            switch (message.type) {
              case 'trainProgress':
                progress.loss.push(...message.history.loss);
                progress.gradNorm.push(...message.history.gradNorm);
                progress.epoch = message.progress.epoch;
                progress.epochs = message.progress.epochs;
                show(progress.epoch, progress.epochs);
                this.onDidProgressEmitter.fire({ ...progress });
                break;
              case 'trainResult':
                this.trained.set(key, message.result.weights);
                progress.loss = message.result.history.loss;
                progress.gradNorm = message.result.history.gradNorm;
                progress.epoch = message.result.progress.epoch;
                finish(message.cancelled ? 'cancelled' : message.result.progress.status === 'diverged' ? 'diverged' : 'done');
                break;
              case 'error':
                void vscode.window.showErrorMessage(`Unroll: training failed: ${message.message}`);
                finish('cancelled');
                break;
            }
          });
          worker.on('error', (failure) => {
            void vscode.window.showErrorMessage(`Unroll: training failed: ${failure.message}`);
            finish('cancelled');
          });
          worker.postMessage({ type: 'train', id, spec, options: { epochs: total }, progressEveryMs: 50 } satisfies WorkerRequest);
        }),
    );
  }

  /** Lets menus show Stop Training only while something trains. */
  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'unroll.training', this.sessions.size > 0);
  }

  stop(uri?: vscode.Uri): void {
    const sessions = uri ? [this.sessions.get(uri.toString())] : [...this.sessions.values()];
    for (const session of sessions) session?.stop();
  }

  /** Writes the trained weights into the spec as one undoable edit (nothing is saved to disk). */
  async saveWeights(document: vscode.TextDocument): Promise<boolean> {
    const weights = this.trained.get(document.uri.toString());
    if (!weights) {
      void vscode.window.showInformationMessage('Unroll: train this spec first (Unroll: Train).');
      return false;
    }
    const text = document.getText();
    const edits = weightsEdits(text, weights);
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    return vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    this.stop();
    this.onDidProgressEmitter.dispose();
  }
}

function format(value: number | undefined): string {
  return value === undefined ? '–' : Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
