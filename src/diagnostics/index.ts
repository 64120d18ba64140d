// Editor support for .rnn.json files: diagnostics with exact ranges and quick fixes. extension.ts calls
// registerSpecLanguageFeatures once; everything registered is disposed with the extension.
import * as vscode from 'vscode';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import { SpecCodeActionProvider } from './specCodeActions';
import { SpecDiagnostics } from './specDiagnostics';

export { SpecDiagnostics, DIAGNOSTIC_SOURCE, problemRange } from './specDiagnostics';
export { SpecCodeActionProvider } from './specCodeActions';

/** .rnn.json files are json to VS Code; the provider itself ignores json files that are not specs. */
const SPEC_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

export function registerSpecLanguageFeatures(context: vscode.ExtensionContext, jobs: Jobs, files: SpecFiles): SpecDiagnostics {
  const diagnostics = new SpecDiagnostics(jobs, files);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new SpecCodeActionProvider(diagnostics), SpecCodeActionProvider.metadata),
  );
  return diagnostics;
}
