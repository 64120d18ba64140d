// After training diverged, the spec says so where the fix goes: a warning on its "training" key with quick fixes
// (add clipNorm, lower the learning rate), each one undoable edit. The note belongs to that run: it goes with the
// next edit of the spec or the next run. The training view's buttons apply the same fixes (apply below).
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { DivergenceFix } from '../protocol';
import type { SpecResults } from '../state/specResults';
import { describeDivergence, divergenceAdvice } from './divergenceAdvice';
import { divergenceEdits } from './divergenceFixes';

const SOURCE = 'unroll training';

export class DivergenceNotes implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  private readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly results: SpecResults) {
    this.subscriptions.push(
      this.collection,
      results.onDidChange(({ uri, kind, delta }) => {
        if (kind === 'training' && !delta) void this.update(vscode.Uri.parse(uri));
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.collection.delete(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
    );
  }

  private async update(uri: vscode.Uri): Promise<void> {
    const divergence = this.results.get(uri).training?.divergence;
    if (!divergence) {
      this.collection.delete(uri);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const diagnostic = new vscode.Diagnostic(trainingKeyRange(document), describeDivergence(divergence), vscode.DiagnosticSeverity.Warning);
    diagnostic.source = SOURCE;
    this.collection.set(uri, [diagnostic]);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const divergence = this.results.get(document.uri).training?.divergence;
    const diagnostic = context.diagnostics.find((d) => d.source === SOURCE && d.range.intersection(range));
    if (!divergence || !diagnostic) return [];
    return divergenceAdvice(divergence).map((advice, index) => {
      const action = new vscode.CodeAction(advice.title, vscode.CodeActionKind.QuickFix);
      action.edit = this.edit(document, advice.fix);
      action.diagnostics = [diagnostic];
      action.isPreferred = index === 0;
      return action;
    });
  }

  /** Applies one of the last run's suggestions to the spec (from the training view's buttons). */
  async apply(uri: vscode.Uri, fix: DivergenceFix): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = this.edit(document, fix);
    return edit ? vscode.workspace.applyEdit(edit) : false;
  }

  private edit(document: vscode.TextDocument, fix: DivergenceFix): vscode.WorkspaceEdit | undefined {
    const divergence = this.results.get(document.uri).training?.divergence;
    const advice = divergence && divergenceAdvice(divergence).find((a) => a.fix === fix);
    if (!advice) return undefined;
    const edit = new vscode.WorkspaceEdit();
    for (const e of divergenceEdits(document.getText(), advice)) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    return edit;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

/** The "training" key, where the settings to change live (else the first line: the section is to be added). */
function trainingKeyRange(document: vscode.TextDocument): vscode.Range {
  const tree = parseTree(document.getText());
  const key = tree && findNodeAtLocation(tree, ['training'])?.parent?.children?.[0];
  if (!key) return document.lineAt(0).range;
  return new vscode.Range(document.positionAt(key.offset), document.positionAt(key.offset + key.length));
}
