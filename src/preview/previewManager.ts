import * as vscode from 'vscode';
import type { PreviewState } from '../protocol';
import { PREVIEW_VIEW_TYPE, SpecPreview, type PreviewActions } from './previewPanel';
import type { PreviewRunner } from './previewRunner';
import { isSpecDocument } from '../diagnostics/specDocuments';
import { targetAtOffset } from './specLocations';
import { VIEW_SETTINGS_SECTIONS } from './viewSettings';

/**
 * Knows every open preview. A dynamic preview follows the active .rnn.json editor; a locked one stays
 * on its document. Every edit re-runs the model at once; the runner collapses edits that arrive while a
 * run is under way into the newest one, so typing never queues up stale work.
 */
export class PreviewManager implements vscode.Disposable, vscode.WebviewPanelSerializer<PreviewState> {
  private readonly previews = new Set<SpecPreview>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a preview opens, closes or renders. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runner: PreviewRunner,
    private readonly actions: PreviewActions,
  ) {
    this.disposables.push(
      this.onDidChangeEmitter,
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.refreshDocument(e.document.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.highlight(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (VIEW_SETTINGS_SECTIONS.some((section) => e.affectsConfiguration(section))) this.refreshAll();
      }),
    );
  }

  get count(): number {
    return this.previews.size;
  }

  get all(): readonly SpecPreview[] {
    return [...this.previews];
  }

  open(uri: vscode.Uri, toSide: boolean, locked = false): SpecPreview {
    const column = toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const existing = this.all.find((p) => p.locked === locked && (!locked || p.uri.toString() === uri.toString()));
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? column, true);
      existing.showDocument(uri);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'Unroll', { viewColumn: column, preserveFocus: true });
    return this.track(new SpecPreview(panel, this.extensionUri, uri, locked, this.runner, this.actions));
  }

  /** Restores a preview after a window reload from the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      panel.dispose();
      return;
    }
    this.track(new SpecPreview(panel, this.extensionUri, uri, state?.locked ?? false, this.runner, this.actions, state));
  }

  previewsOf(uri: vscode.Uri): SpecPreview[] {
    return this.all.filter((p) => p.uri.toString() === uri.toString());
  }

  private track(preview: SpecPreview): SpecPreview {
    this.previews.add(preview);
    preview.onDidDispose(() => {
      this.previews.delete(preview);
      this.onDidChangeEmitter.fire();
    });
    preview.onDidRender(() => this.onDidChangeEmitter.fire());
    this.onDidChangeEmitter.fire();
    return preview;
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isSpecDocument(editor.document)) return;
    for (const preview of this.previews) if (!preview.locked) preview.showDocument(editor.document.uri);
  }

  private highlight(editor: vscode.TextEditor): void {
    if (!isSpecDocument(editor.document)) return;
    const targets = this.previewsOf(editor.document.uri);
    if (targets.length === 0) return;
    const target = targetAtOffset(editor.document.getText(), editor.document.offsetAt(editor.selection.active));
    for (const preview of targets) preview.post({ type: 'highlight', target });
  }

  private refreshDocument(uri: vscode.Uri): void {
    for (const preview of this.previewsOf(uri)) void preview.refresh();
  }

  private refreshAll(): void {
    for (const preview of this.previews) void preview.refresh();
  }

  dispose(): void {
    for (const preview of this.all) preview.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
