// The problems' fixes as quick fixes. Each is a WorkspaceEdit, so applying one is a single undoable edit.
import * as vscode from 'vscode';
import type { Problem, ProblemFix } from '../spec/types';
import { DIAGNOSTIC_SOURCE, problemRange, type SpecDiagnostics } from './specDiagnostics';

export class SpecCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: SpecDiagnostics) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const problem of await this.diagnostics.problemsFor(document)) {
      if (!problem.fixes && !problem.fixKey) continue;
      const where = problemRange(document, problem);
      if (!where.intersection(range)) continue;
      const fixes = await this.diagnostics.fixesFor(document, problem);
      const diagnostic = context.diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(where) && d.message === problem.message);
      fixes.forEach((fix, index) => {
        // The same fix (e.g. "initialise these weights") can hang off several problems; offer it once.
        const key = `${fix.title}|${JSON.stringify(fix.edits)}`;
        if (offered.has(key)) return;
        offered.add(key);
        actions.push(toAction(document, problem, fix, index === 0, diagnostic));
      });
    }
    return actions;
  }
}

function toAction(document: vscode.TextDocument, problem: Problem, fix: ProblemFix, first: boolean, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) {
    edit.replace(document.uri, problemRange(document, change), change.newText);
  }
  action.edit = edit;
  if (diagnostic) action.diagnostics = [diagnostic];
  action.isPreferred = first && problem.severity === 'error';
  return action;
}
