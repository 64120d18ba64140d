import * as vscode from 'vscode';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WeightValue } from '../engine/types';
import type { TrainingProgress } from '../protocol';
import type { TrainingEvent, TrainingJob } from './trainingProtocol';
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

  constructor(private readonly workerFile: string) {}

  static forExtension(extensionPath: string): TrainingController {
    return new TrainingController(path.join(extensionPath, 'dist', 'training-worker.js'));
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
    const { text, baseDir, fileName } = documentJob(document);
    const job: TrainingJob = { text, baseDir, fileName, epochs };
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Unroll: training ${path.basename(document.uri.path)}`, cancellable: true },
      (report, token) =>
        new Promise<TrainingProgress | undefined>((resolve) => {
          const worker = new Worker(this.workerFile, { workerData: job });
          const progress: TrainingProgress = { uri: key, epoch: 0, epochs: epochs ?? 0, loss: [], gradNorm: [], state: 'running' };
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
          const session: Session = { worker, progress, stop: () => finish('cancelled') };
          this.sessions.set(key, session);
          this.updateContext();
          token.onCancellationRequested(() => session.stop());
          worker.on('message', (event: TrainingEvent) => {
            if (event.type === 'invalid') {
              void vscode.window.showErrorMessage(`Unroll: cannot train — line ${event.line}, column ${event.column}: ${event.message}`);
              finish('cancelled');
              return;
            }
            Object.assign(progress, { epoch: event.epoch, epochs: event.epochs, loss: event.loss, gradNorm: event.gradNorm });
            this.trained.set(key, event.weights);
            const percent = (100 * event.epoch) / Math.max(1, event.epochs);
            report.report({ increment: percent - reported, message: `epoch ${event.epoch}/${event.epochs}, loss ${format(event.loss.at(-1))}` });
            reported = percent;
            if (event.type === 'done') finish(event.state);
            else this.onDidProgressEmitter.fire({ ...progress });
          });
          worker.on('error', (error) => {
            void vscode.window.showErrorMessage(`Unroll: training failed: ${error.message}`);
            finish('cancelled');
          });
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
