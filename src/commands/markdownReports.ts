// Check Gradients' report, rendered: a read-only virtual Markdown document (unroll-report:) shown through VS Code's
// own Markdown preview beside the spec, so its tables read as tables. Virtual rather than untitled: an untitled
// document with text is unsaved work that VS Code asks about on closing, and nothing here is the person's work.
// The preview's "Open Source" still shows the text to copy or save. One report per spec: checking again updates it.
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'unroll-report';

export class MarkdownReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Shows `markdown` rendered as `title`.md beside the active editor; the answer is the report's address. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md` });
    const known = this.texts.has(uri.path);
    this.texts.set(uri.path, markdown);
    if (known) this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No Markdown preview (the built-in extension disabled): the text itself, still read-only.
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
