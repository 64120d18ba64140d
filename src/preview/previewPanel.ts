import * as vscode from 'vscode';
import { encodeMessage, type DivergenceFix, type ExportPart, type HostToWebview, type PreviewModel, type PreviewState, type SpecTarget, type WebviewToHost } from '../protocol';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import type { SpecResults } from '../state/specResults';
import { previewHtml, webviewRoots } from './html';
import { locateTarget } from './specLocations';
import { forDisplay } from './displayPrecision';
import { readViewSettings } from './viewSettings';
import { PendingReplies } from './replies';
import { replayWeights } from './replay';

export const PREVIEW_VIEW_TYPE = 'unroll.preview';

/** What a preview asks of the rest of the extension (training, comparison), so it holds no such logic itself. */
export interface PreviewActions {
  train(uri: vscode.Uri): void;
  stopTraining(uri: vscode.Uri): void;
  compare(uri: vscode.Uri): void;
  fixDivergence(uri: vscode.Uri, fix: DivergenceFix): void;
  sampleAgain(uri: vscode.Uri): void;
}

export interface PreviewServices {
  jobs: Jobs;
  files: SpecFiles;
  results: SpecResults;
  actions: PreviewActions;
}

/** One preview panel showing one spec document. It renders and asks; the document stays the source of truth. */
export class SpecPreview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private ready = false;
  private readonly pendingUntilReady: (() => void)[] = [];
  private readonly exports = new PendingReplies<string>();
  private viewState: PreviewState;
  private lastModel: PreviewModel | undefined;
  /** the spec's name as the tab shows it, until a model says it (a revived panel keeps the title it had) */
  private shownName: string | undefined;
  /** the newest document version shown, so a late answer for an older one is dropped */
  private shownVersion = -1;
  /** Training replay: the epoch whose kept weights the preview shows instead of the spec's (undefined = the spec's) */
  private replayEpoch: number | undefined;
  private static nextKey = 1;
  /** This preview's newest-wins key in the worker client, so its runs never collapse into another consumer's. */
  private readonly key = `preview-${SpecPreview.nextKey++}`;
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private readonly onDidRenderEmitter = new vscode.EventEmitter<PreviewModel>();
  /** Fires when a new model was sent to the webview (tests and the status bar listen). */
  readonly onDidRender = this.onDidRenderEmitter.event;
  private readonly onDidChangeLockEmitter = new vscode.EventEmitter<boolean>();
  readonly onDidChangeLock = this.onDidChangeLockEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private documentUri: vscode.Uri,
    private isLocked: boolean,
    private readonly services: PreviewServices,
    restored?: PreviewState,
  ) {
    // What the webview saved is only view state (zoom, selection); the document and the lock are the host's.
    this.viewState = restored?.uri === documentUri.toString() ? { ...restored, uri: documentUri.toString(), locked: isLocked } : { uri: documentUri.toString(), locked: isLocked };
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = previewHtml(panel.webview, extensionUri, panel.title);
    if (restored) this.shownName = /Unroll: (.+)$/.exec(panel.title)?.[1];
    this.updateTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)),
      this.onDidRenderEmitter,
      this.onDidChangeLockEmitter,
    );
  }

  get locked(): boolean {
    return this.isLocked;
  }

  /** A locked preview stays on its document; an unlocked one follows the active editor. */
  setLocked(locked: boolean): void {
    if (locked === this.isLocked) return;
    this.isLocked = locked;
    this.viewState = { ...this.viewState, locked };
    this.updateTitle();
    this.postPanel();
    this.onDidChangeLockEmitter.fire(locked);
  }

  get uri(): vscode.Uri {
    return this.documentUri;
  }

  get state(): PreviewState {
    return this.viewState;
  }

  /** The newest model shown, for tests and exports. */
  get model(): PreviewModel | undefined {
    return this.lastModel;
  }

  /** Point a following (unlocked) preview at another document. */
  showDocument(uri: vscode.Uri): void {
    if (uri.toString() === this.documentUri.toString()) return;
    this.documentUri = uri;
    this.viewState = { uri: uri.toString(), locked: this.locked };
    this.lastModel = undefined;
    this.shownName = undefined;
    this.shownVersion = -1;
    this.replayEpoch = undefined;
    this.updateTitle();
    this.postPanel();
    this.sendResults();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const uri = this.documentUri;
    let document: vscode.TextDocument;
    try {
      // An unsaved spec that was closed is gone: opening it again would bring back an empty document.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
      if (!open && uri.scheme === 'untitled') return;
      document = open ?? (await vscode.workspace.openTextDocument(uri));
    } catch (error) {
      this.post({ type: 'failed', uri: uri.toString(), job: 'preview', message: `The spec could not be opened: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const spec = await this.services.files.snapshot(document);
    if (this.disposed || uri.toString() !== this.documentUri.toString()) return;
    const settings = readViewSettings();
    const replay = replayWeights(this.services.results.get(this.documentUri).snapshots, this.replayEpoch);
    const input = { spec, sequence: this.viewState.sequence, thresholds: settings.thresholds, layer: this.viewState.layer, ...(replay ? { replay } : {}) };
    const outcome = await this.services.jobs.run('preview', input, { key: this.key });
    // Re-check after the await: the panel may be gone, or now show another document.
    if (this.disposed || spec.uri !== this.documentUri.toString()) return;
    if (outcome.status === 'superseded' || outcome.status === 'cancelled') return;
    if (outcome.status !== 'ok') {
      this.post({ type: 'failed', uri: spec.uri, job: 'preview', message: outcome.message });
      return;
    }
    // The same version again is fine (another sequence of the same text); an older one is stale.
    if (spec.version < this.shownVersion) return;
    this.shownVersion = spec.version;
    const result = outcome.value;
    if (result.type === 'model' && result.replayRefused) {
      this.replayEpoch = undefined;
      this.post({ type: 'failed', uri: spec.uri, job: 'replay', message: `The replay shows the spec's weights again: ${result.replayRefused}. Train again to replay.` });
    }
    if (result.type === 'model') {
      this.lastModel = result.model;
      this.updateTitle();
      this.post({ type: 'model', model: forDisplay(result.model), settings });
      this.onDidRenderEmitter.fire(result.model);
    } else {
      this.post(result);
    }
  }

  /** The snapshots of this document changed (a new run started, or one ended): a replay of the old ones ends. */
  snapshotsChanged(): void {
    if (this.replayEpoch === undefined) return;
    if (!this.services.results.get(this.documentUri).snapshots) {
      this.replayEpoch = undefined;
      void this.refresh();
    }
  }

  /** A picture as the view draws it (the diagram by default): SVG text or a PNG data: URL; undefined if it does not
   *  answer in time. */
  requestExport(format: 'svg' | 'png', part: ExportPart = 'diagram', timeoutMs = 10_000): Promise<string | undefined> {
    return this.exports.ask((id) => this.whenReady(() => this.post({ type: 'exportRequest', id, format, part })), timeoutMs);
  }

  /** Run `action` once the webview has said it is ready (at once if it has). */
  whenReady(action: () => void): void {
    if (this.ready) action();
    else this.pendingUntilReady.push(action);
  }

  post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(encodeMessage(message));
  }

  /** Sends what the host keeps for this document (training, comparison) to a view that (re)appears. */
  sendResults(): void {
    if (!this.ready) return;
    const { training, comparison, sample } = this.services.results.get(this.documentUri);
    if (training) this.post({ type: 'training', progress: training });
    if (comparison) this.post({ type: 'comparison', comparison });
    if (sample) this.post({ type: 'sample', sample });
  }

  private postPanel(): void {
    if (this.ready) this.post({ type: 'panel', uri: this.documentUri.toString(), locked: this.isLocked });
  }

  private updateTitle(): void {
    const name = this.lastModel?.name ?? this.shownName ?? this.documentUri.path.split('/').pop()?.replace(/\.rnn\.json$/i, '') ?? 'spec';
    this.panel.title = this.isLocked ? `[Locked] Unroll: ${name}` : `Unroll: ${name}`;
  }

  /** What the webview asks (integration tests ask the same way, without a webview to click in). */
  receive(message: WebviewToHost): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.postPanel();
      this.sendResults();
      void this.refresh();
      for (const action of this.pendingUntilReady.splice(0)) action();
      return;
    }
    if (message.type === 'exported') {
      this.exports.answer(message.id, message.data);
      return;
    }
    if (message.type === 'state') {
      // The uri and lock are the host's to decide; the view keeps zoom, scroll and selection.
      if (message.state.uri === this.documentUri.toString()) this.viewState = { ...message.state, uri: this.documentUri.toString(), locked: this.locked };
      return;
    }
    // Sent about a document this panel no longer shows (it followed the editor meanwhile): not for this one.
    if (message.uri !== this.documentUri.toString()) return;
    switch (message.type) {
      case 'reveal':
        void this.revealAt(new vscode.Position(Math.max(0, message.line - 1), Math.max(0, message.column - 1)));
        break;
      case 'select':
        void this.select(message.target, message.keepFocus === true);
        break;
      case 'showSequence':
        this.viewState = { ...this.viewState, sequence: message.sequence };
        void this.refresh();
        break;
      case 'showLayer':
        this.viewState = { ...this.viewState, layer: message.layer };
        void this.refresh();
        break;
      case 'train':
        this.services.actions.train(this.documentUri);
        break;
      case 'stopTraining':
        this.services.actions.stopTraining(this.documentUri);
        break;
      case 'compare':
        this.services.actions.compare(this.documentUri);
        break;
      case 'showEpoch':
        this.replayEpoch = message.epoch ?? undefined;
        void this.refresh();
        break;
      case 'fixDivergence':
        this.services.actions.fixDivergence(this.documentUri, message.fix);
        break;
      case 'sampleAgain':
        this.services.actions.sampleAgain(this.documentUri);
        break;
    }
  }

  private async editor(preserveFocus = false): Promise<vscode.TextEditor> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.documentUri.toString());
    return vscode.window.showTextDocument(this.documentUri, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus,
    });
  }

  private async revealAt(position: vscode.Position): Promise<void> {
    const editor = await this.editor();
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async select(target: SpecTarget, keepFocus: boolean): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.documentUri);
    const range = locateTarget(document.getText(), target);
    if (!range) return;
    const editor = await this.editor(keepFocus);
    const start = document.positionAt(range.offset);
    const end = document.positionAt(range.offset + range.length);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.exports.dispose();
    this.panel.dispose();
    this.onDidDisposeEmitter.fire();
    this.onDidDisposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
