import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import type { SpecResults } from '../state/specResults';
import type { TrainingController } from '../training/trainingController';
import type { SpecInvalid } from '../jobs/types';
import type { Outcome } from '../worker/messages';
import { MarkdownReports } from './markdownReports';
import { targetDocument } from './targetSpec';

export interface ModelCommandServices {
  previews: PreviewManager;
  jobs: Jobs;
  files: SpecFiles;
  results: SpecResults;
  training: TrainingController;
}

/** "line 3, column 7: …", the way every command reports a spec that cannot run. */
export function describeInvalid(invalid: SpecInvalid): string {
  const { line, column, message } = invalid.problem;
  const more = invalid.problemCount > 1 ? ` (and ${invalid.problemCount - 1} more problem${invalid.problemCount > 2 ? 's' : ''})` : '';
  return `line ${line}, column ${column}: ${message}${more}`;
}

/** Why a job gave no answer, for a person; undefined when the person asked for that (cancelled). */
export function describeOutcome(outcome: Outcome<unknown>): string | undefined {
  switch (outcome.status) {
    case 'failed':
    case 'timeout':
      return outcome.message;
    default:
      return undefined;
  }
}

/** Train, Stop Training, Write Trained Weights, Compare Cells, Check Gradients. */
export function registerModelCommands(context: vscode.ExtensionContext, services: ModelCommandServices): void {
  const { previews, jobs, files, results, training } = services;
  const reports = new MarkdownReports();
  const basename = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.path;

  context.subscriptions.push(
    reports,
    training.onDidFail(({ uri, message }) => {
      for (const preview of previews.previewsOf(vscode.Uri.parse(uri))) preview.post({ type: 'failed', uri, job: 'train', message });
    }),

    vscode.commands.registerCommand('unroll.train', async (uri?: vscode.Uri, epochs?: number) => {
      const document = await targetDocument(previews, uri);
      if (!document) return undefined;
      // The curves stream into the preview: one is put on screen (or brought forward) to show them.
      previews.reveal(document.uri);
      return training.train(document, typeof epochs === 'number' ? epochs : undefined);
    }),

    vscode.commands.registerCommand('unroll.stopTraining', (uri?: vscode.Uri) => training.stop(uri instanceof vscode.Uri ? uri : undefined)),

    vscode.commands.registerCommand('unroll.saveTrainedWeights', async (uri?: vscode.Uri) => {
      const document = await targetDocument(previews, uri);
      return document ? training.saveWeights(document) : false;
    }),

    vscode.commands.registerCommand('unroll.compareCells', async (uri?: vscode.Uri) => {
      const document = await targetDocument(previews, uri);
      if (!document) return undefined;
      // The answer goes to a view on screen, never to one hidden behind another tab.
      previews.reveal(document.uri);
      const spec = await files.snapshot(document);
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Unroll: comparing rnn, lstm and gru', cancellable: true },
        (_report, token) => {
          const stop = new AbortController();
          token.onCancellationRequested(() => stop.abort());
          return jobs.run('compare', spec, { signal: stop.signal });
        },
      );
      const answer = outcome.status === 'ok' ? outcome.value : undefined;
      if (answer?.type === 'comparison') {
        results.set(document.uri, 'comparison', answer.comparison);
        return answer.comparison;
      }
      const why = answer ? describeInvalid(answer) : describeOutcome(outcome);
      for (const preview of previews.previewsOf(document.uri)) {
        preview.post({ type: 'failed', uri: document.uri.toString(), job: 'compare', message: why ?? 'The comparison was cancelled.' });
      }
      if (why) void vscode.window.showErrorMessage(`Unroll: cannot compare the cells — ${why}`);
      return undefined;
    }),

    vscode.commands.registerCommand('unroll.checkGradients', async (uri?: vscode.Uri) => {
      const document = await targetDocument(previews, uri);
      if (!document) return undefined;
      const spec = await files.snapshot(document);
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Unroll: checking gradients by finite differences', cancellable: true },
        (report, token) => {
          const stop = new AbortController();
          token.onCancellationRequested(() => stop.abort());
          let shown = 0;
          return jobs.run('gradcheck', spec, {
            signal: stop.signal,
            onProgress: ({ checked, planned }) => {
              const percent = (100 * checked) / Math.max(1, planned);
              report.report({ increment: percent - shown, message: `${checked} of ${planned} elements` });
              shown = percent;
            },
          });
        },
      );
      if (outcome.status === 'cancelled') {
        void vscode.window.setStatusBarMessage('Unroll: gradient check stopped', 4000);
        return undefined;
      }
      const answer = outcome.status === 'ok' ? outcome.value : undefined;
      if (answer?.type !== 'gradcheck') {
        const why = answer ? describeInvalid(answer) : describeOutcome(outcome);
        if (why) void vscode.window.showErrorMessage(`Unroll: cannot check the gradients — ${why}`);
        return undefined;
      }
      results.set(document.uri, 'gradientCheck', { markdown: answer.markdown, ok: answer.ok });
      const shown = await reports.show(`Gradient check — ${basename(document.uri)}`, answer.markdown);
      return { ok: answer.ok, markdown: answer.markdown, report: shown.toString() };
    }),
  );
}
