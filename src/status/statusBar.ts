import * as vscode from 'vscode';
import type { GradientHealth, PreviewModel } from '../protocol';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import { isSpecDocument } from '../documents/specDocuments';
import { readViewSettings } from '../preview/viewSettings';
import type { PreviewManager } from '../preview/previewManager';
import { formatNumber as formatFor } from '../numbers';

const ICONS: Record<GradientHealth, string> = {
  healthy: '$(pass)',
  vanishing: '$(arrow-down)',
  exploding: '$(flame)',
};

/** Loss and gradient health of the active spec, at a glance; a click opens the preview. */
export class GradientStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unroll.status', vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown: PreviewModel | undefined;
  private disposed = false;

  constructor(
    private readonly jobs: Jobs,
    private readonly files: SpecFiles,
    private readonly previews: PreviewManager,
  ) {
    this.item.name = 'Unroll gradient health';
    this.item.command = 'unroll.openPreviewToSide';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(300);
      }),
      // A preview of the active spec has just run the same model: show its numbers instead of running again.
      previews.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  /** The last model shown (tests read it). */
  get model(): PreviewModel | undefined {
    return this.shown;
  }

  get text(): string {
    return this.item.text;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isSpecDocument(document)) {
      this.item.hide();
      return;
    }
    // A preview that already shows this version ran the same model: reuse its numbers (not a training replay's:
    // the status bar speaks of the spec's own weights). If it has not caught up 300 ms after an edit, the text is
    // most likely invalid, and the run below reports the problems.
    const previewed = this.previews.previewsOf(document.uri).find((p) => p.model?.version === document.version && !p.model.replay);
    if (previewed?.model) {
      this.showModel(previewed.model);
      return;
    }
    const spec = await this.files.snapshot(document);
    const outcome = await this.jobs.run('preview', { spec, thresholds: readViewSettings().thresholds }, { key: 'status' });
    if (outcome.status !== 'ok' || this.disposed) return;
    const answer = outcome.value;
    if (answer.uri !== vscode.window.activeTextEditor?.document.uri.toString()) return;
    if (answer.type === 'model') this.showModel(answer.model);
    else this.showProblem(answer.problem.line, answer.problemCount);
  }

  private showModel(model: PreviewModel): void {
    this.shown = model;
    this.item.text = `${ICONS[model.health]} Unroll: loss ${formatNumber(model.loss.value)} · ${model.health}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**${model.name}** — ${model.cell}, ${model.steps} steps\n\n` +
        `Gradient at the first step: ${formatNumber(model.gradNorm[0])}, at the last: ${formatNumber(model.gradNorm[model.steps - 1])}\n\n` +
        'Click to open the preview.',
    );
    this.item.backgroundColor =
      model.health === 'exploding'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : model.health === 'vanishing'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.accessibilityInformation = { label: `Unroll: loss ${formatNumber(model.loss.value)}, gradient ${model.health}` };
    this.item.show();
  }

  private showProblem(line: number, count: number): void {
    this.shown = undefined;
    this.item.text = `$(error) Unroll: ${count} problem${count === 1 ? '' : 's'} (line ${line})`;
    this.item.tooltip = 'The spec has problems; see the Problems panel.';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The shared helper (src/numbers.ts): the status bar says a number as the preview does. */
function formatNumber(value: number | undefined): string {
  return value === undefined ? '–' : formatFor(value);
}
