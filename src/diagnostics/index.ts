// Editor support for .rnn.json files: diagnostics with exact ranges and quick fixes. extension.ts calls
// registerSpecLanguageFeatures once; everything registered is disposed with the extension.
import * as vscode from 'vscode';
import { SpecCodeActionProvider } from './specCodeActions';
import { SpecDiagnostics } from './specDiagnostics';
import type { PreviewRunner } from '../preview/previewRunner';

export { SpecDiagnostics, DIAGNOSTIC_SOURCE, problemRange } from './specDiagnostics';
export { SpecCodeActionProvider } from './specCodeActions';
export { baseDirFor, isSpecDocument } from './specDocuments';
export { newSpecFromExample } from '../commands/newFromExample';

/** .rnn.json files are json to VS Code; the provider itself ignores json files that are not specs. */
const SPEC_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

export function registerSpecLanguageFeatures(context: vscode.ExtensionContext, runner: PreviewRunner): void {
  const diagnostics = new SpecDiagnostics(runner);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new SpecCodeActionProvider(diagnostics), SpecCodeActionProvider.metadata),
  );
}
