import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { PreviewRunner } from '../preview/previewRunner';
import { documentJob } from '../preview/documentJob';
import type { AnalysisOutcome } from '../preview/analysisJobs';
import type { TrainingController } from '../training/trainingController';
import { targetSpec } from './previewCommands';

async function specDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const target = targetSpec(uri);
  return target && vscode.workspace.openTextDocument(target);
}

/** An analysis in the worker with progress; a spec with problems is reported at its first one. */
async function analyse(
  runner: PreviewRunner,
  document: vscode.TextDocument,
  kind: 'compare' | 'gradcheck',
  title: string,
): Promise<AnalysisOutcome | undefined> {
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Unroll: ${title}` }, () =>
    runner.request(kind, documentJob(document)),
  );
  if (outcome.type !== 'invalid') return outcome;
  const { line, column, message } = outcome.problem;
  void vscode.window.showErrorMessage(`Unroll: line ${line}, column ${column}: ${message}`);
  return undefined;
}

/** Train, Stop Training, Save Trained Weights, Compare Cells, Check Gradients. */
export function registerModelCommands(
  context: vscode.ExtensionContext,
  previews: PreviewManager,
  runner: PreviewRunner,
  training: TrainingController,
): void {
  context.subscriptions.push(
    training.onDidProgress((progress) => {
      for (const preview of previews.previewsOf(vscode.Uri.parse(progress.uri))) preview.post({ type: 'training', progress });
    }),

    vscode.commands.registerCommand('unroll.train', async (uri?: vscode.Uri, epochs?: number) => {
      const document = await specDocument(uri);
      if (!document) return undefined;
      if (previews.previewsOf(document.uri).length === 0) previews.open(document.uri, true);
      return training.train(document, typeof epochs === 'number' ? epochs : undefined);
    }),

    vscode.commands.registerCommand('unroll.stopTraining', (uri?: vscode.Uri) => training.stop(uri instanceof vscode.Uri ? uri : undefined)),

    vscode.commands.registerCommand('unroll.saveTrainedWeights', async (uri?: vscode.Uri) => {
      const document = await specDocument(uri);
      return document ? training.saveWeights(document) : false;
    }),

    vscode.commands.registerCommand('unroll.compareCells', async (uri?: vscode.Uri) => {
      const document = await specDocument(uri);
      const outcome = document && (await analyse(runner, document, 'compare', 'comparing rnn, lstm and gru'));
      if (!document || outcome?.type !== 'comparison') return undefined;
      const targets = previews.previewsOf(document.uri);
      const shown = targets.length > 0 ? targets : [previews.open(document.uri, true)];
      for (const preview of shown) preview.whenReady(() => preview.post({ type: 'comparison', comparison: outcome.comparison }));
      return outcome.comparison;
    }),

    vscode.commands.registerCommand('unroll.checkGradients', async (uri?: vscode.Uri) => {
      const document = await specDocument(uri);
      const outcome = document && (await analyse(runner, document, 'gradcheck', 'checking gradients by finite differences'));
      if (outcome?.type !== 'gradcheck') return undefined;
      // An untitled document: the user reads or saves it; nothing is written anywhere on its own.
      const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: outcome.markdown });
      await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return { ok: outcome.ok, markdown: outcome.markdown };
    }),
  );
}
