import * as vscode from 'vscode';
import { LockedPreviews } from './lockedPreviews';
import type { PreviewState } from '../protocol';
import { PREVIEW_VIEW_TYPE, SpecPreview, type PreviewServices } from './previewPanel';
import { isSpecDocument } from '../documents/specDocuments';
import { targetAtOffset } from './specLocations';
import { VIEW_SETTINGS_SECTIONS } from './viewSettings';

/** Set while the active preview is locked: the title bar then offers Unlock (a closed lock) instead of Lock. */
const LOCKED_CONTEXT = 'unroll.previewLocked';

/**
 * Knows every open preview. A dynamic preview follows the active .rnn.json editor; a locked one stays
 * on its document. Every edit re-runs the model at once; the worker client collapses edits that arrive while
 * a run is under way into the newest one, so typing never queues up stale work.
 */
export class PreviewManager implements vscode.Disposable, vscode.WebviewPanelSerializer<PreviewState> {
  private readonly previews = new Set<SpecPreview>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a preview opens, closes or renders. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  private readonly locks: LockedPreviews;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: PreviewServices,
    storage?: vscode.Memento,
  ) {
    this.locks = new LockedPreviews(storage);
    this.disposables.push(
      this.onDidChangeEmitter,
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.refreshDocument(e.document.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      // An unsaved spec closed without saving is gone for good: so are its previews.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme !== 'untitled') return;
        for (const preview of this.previewsOf(document.uri)) preview.dispose();
        services.results.forget(document.uri);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.highlight(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (VIEW_SETTINGS_SECTIONS.some((section) => e.affectsConfiguration(section))) this.refreshAll();
      }),
      services.files.onDidChange((specs) => {
        for (const uri of specs) this.refreshDocument(vscode.Uri.parse(uri));
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
      services.results.onDidChange(({ uri, kind, delta }) => {
        const result = services.results.get(uri);
        for (const preview of this.previewsOf(vscode.Uri.parse(uri))) {
          // While a run goes on, only what is new: the whole history once per report would make a long run quadratic.
          if (kind === 'training' && delta) preview.post({ type: 'trainingDelta', delta });
          else if (kind === 'training' && result.training) preview.post({ type: 'training', progress: result.training });
          if (kind === 'comparison' && result.comparison) preview.post({ type: 'comparison', comparison: result.comparison });
          if (kind === 'sample' && result.sample) preview.post({ type: 'sample', sample: result.sample, reveal: true });
          if (kind === 'snapshots') preview.snapshotsChanged();
        }
      }),
    );
  }

  get count(): number {
    return this.previews.size;
  }

  get all(): readonly SpecPreview[] {
    return [...this.previews];
  }

  /** The preview whose panel has the focus, if any. */
  get active(): SpecPreview | undefined {
    return this.all.find((p) => p.panel.active);
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
    return this.track(new SpecPreview(panel, this.extensionUri, uri, locked, this.services));
  }

  /** A preview of `uri` on screen: an existing one revealed (without taking the focus), or a new one beside. */
  reveal(uri: vscode.Uri): SpecPreview {
    const existing = this.previewsOf(uri)[0];
    if (!existing) return this.open(uri, true);
    existing.panel.reveal(existing.panel.viewColumn, true);
    return existing;
  }

  /** Restores a preview after a window reload from the state its webview saved (which the host put there). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      panel.dispose();
      return;
    }
    const locked = state?.locked === true || this.locks.has(uri);
    this.track(new SpecPreview(panel, this.extensionUri, uri, locked, this.services, state));
  }

  previewsOf(uri: vscode.Uri): SpecPreview[] {
    return this.all.filter((p) => p.uri.toString() === uri.toString());
  }

  toggleLock(preview: SpecPreview): void {
    preview.setLocked(!preview.locked);
    const name = preview.uri.path.split('/').pop();
    void vscode.window.setStatusBarMessage(preview.locked ? `Unroll: preview locked to ${name}` : 'Unroll: preview unlocked; it follows the active spec', 4000);
  }

  private track(preview: SpecPreview): SpecPreview {
    this.previews.add(preview);
    if (preview.locked) this.locks.set(preview.uri, true);
    preview.onDidDispose(() => {
      if (preview.locked) this.locks.set(preview.uri, false);
      this.previews.delete(preview);
      this.updateLockContext();
      this.onDidChangeEmitter.fire();
    });
    preview.onDidRender(() => this.onDidChangeEmitter.fire());
    preview.onDidChangeLock((locked) => {
      this.locks.set(preview.uri, locked);
      this.updateLockContext();
    });
    this.disposables.push(preview.panel.onDidChangeViewState(() => this.updateLockContext()));
    this.updateLockContext();
    this.onDidChangeEmitter.fire();
    return preview;
  }

  private updateLockContext(): void {
    void vscode.commands.executeCommand('setContext', LOCKED_CONTEXT, this.active?.locked === true);
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
