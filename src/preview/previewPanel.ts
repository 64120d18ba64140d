import * as vscode from 'vscode';
import { encodeMessage, type HostToWebview, type PreviewModel, type PreviewState, type SpecTarget, type WebviewToHost } from '../protocol';
import { previewHtml, webviewRoots } from './html';
import type { PreviewRunner } from './previewRunner';
import { locateTarget } from './specLocations';
import { documentJob } from './documentJob';
import { forDisplay } from './displayPrecision';
import { readViewSettings } from './viewSettings';

export const PREVIEW_VIEW_TYPE = 'unroll.preview';

/** What a preview asks of the rest of the extension (training, comparison), so it holds no such logic itself. */
export interface PreviewActions {
  train(uri: vscode.Uri): void;
  stopTraining(uri: vscode.Uri): void;
  compare(uri: vscode.Uri): void;
}

/** One preview panel showing one spec document. It renders and asks; the document stays the source of truth. */
export class SpecPreview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private ready = false;
  private readonly pendingUntilReady: (() => void)[] = [];
  private readonly exports = new Map<number, (data: string | undefined) => void>();
  private nextExportId = 1;
  private viewState: PreviewState;
  private lastModel: PreviewModel | undefined;
  private static nextKey = 1;
  /** This preview's slot in the runner, so its runs never collapse into another consumer's. */
  private readonly key = `preview-${SpecPreview.nextKey++}`;
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private readonly onDidRenderEmitter = new vscode.EventEmitter<PreviewModel>();
  /** Fires when a new model was sent to the webview (tests and the status bar listen). */
  readonly onDidRender = this.onDidRenderEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private documentUri: vscode.Uri,
    private isLocked: boolean,
    private readonly runner: PreviewRunner,
    private readonly actions: PreviewActions,
    restored?: PreviewState,
  ) {
    this.viewState = { ...restored, uri: documentUri.toString(), locked: isLocked };
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = previewHtml(panel.webview, extensionUri, panel.title);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: WebviewToHost) => this.onMessage(message)),
      this.onDidRenderEmitter,
    );
  }

  get locked(): boolean {
    return this.isLocked;
  }

  /** A locked preview stays on its document; an unlocked one follows the active editor. */
  setLocked(locked: boolean): void {
    this.isLocked = locked;
    this.viewState = { ...this.viewState, locked };
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
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const document = await vscode.workspace.openTextDocument(this.documentUri);
    if (this.disposed) return;
    const settings = readViewSettings();
    this.runner.submit(
      this.key,
      documentJob(document, { sequence: this.viewState.sequence, thresholds: settings.thresholds }),
      (outcome) => {
        // Re-check after the await: the panel may be gone, or now show another document.
        if (this.disposed || outcome.uri !== this.documentUri.toString()) return;
        if (outcome.type === 'model') {
          this.lastModel = outcome.model;
          this.panel.title = `Unroll: ${outcome.model.name}`;
          this.post({ type: 'model', model: forDisplay(outcome.model), settings });
          this.onDidRenderEmitter.fire(outcome.model);
        } else {
          this.post(outcome);
        }
      },
    );
  }

  /** The diagram as the view draws it: SVG text or a PNG data: URL; undefined if it does not answer in time. */
  requestExport(format: 'svg' | 'png', timeoutMs = 10_000): Promise<string | undefined> {
    const id = this.nextExportId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.exports.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.exports.set(id, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
      this.whenReady(() => this.post({ type: 'exportRequest', id, format }));
    });
  }

  /** Run `action` once the webview has said it is ready (at once if it has). */
  whenReady(action: () => void): void {
    if (this.ready) action();
    else this.pendingUntilReady.push(action);
  }

  post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(encodeMessage(message));
  }

  private onMessage(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.refresh();
        for (const action of this.pendingUntilReady.splice(0)) action();
        break;
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
      case 'state':
        // The uri and lock are the host's to decide; the view keeps zoom, scroll and selection.
        this.viewState = { ...message.state, uri: this.documentUri.toString(), locked: this.locked };
        break;
      case 'train':
        this.actions.train(this.documentUri);
        break;
      case 'stopTraining':
        this.actions.stopTraining(this.documentUri);
        break;
      case 'compare':
        this.actions.compare(this.documentUri);
        break;
      case 'exported':
        this.exports.get(message.id)?.(message.data);
        this.exports.delete(message.id);
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
    this.runner.release(this.key);
    this.panel.dispose();
    this.onDidDisposeEmitter.fire();
    this.onDidDisposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
