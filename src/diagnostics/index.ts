// Editor support for .rnn.json files: diagnostics with exact ranges and quick fixes. extension.ts calls
// registerSpecLanguageFeatures once; everything registered is disposed with the extension.
import * as vscode from 'vscode';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import { SpecCodeActionProvider } from './specCodeActions';
import { SpecDiagnostics } from './specDiagnostics';
import { SPEC_SELECTOR } from '../language/specLanguage';

export { SpecDiagnostics, DIAGNOSTIC_SOURCE, problemRange } from './specDiagnostics';
export { SpecCodeActionProvider } from './specCodeActions';

/** A spec is usually in its own language; one a user switched to JSON keeps its quick fixes (the provider ignores
 *  JSON files that are not specs). */
export const FIX_SELECTOR: vscode.DocumentSelector = [...[SPEC_SELECTOR].flat(), { language: 'json' }, { language: 'jsonc' }];

export function registerSpecLanguageFeatures(context: vscode.ExtensionContext, jobs: Jobs, files: SpecFiles): SpecDiagnostics {
  const diagnostics = new SpecDiagnostics(jobs, files);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(FIX_SELECTOR, new SpecCodeActionProvider(diagnostics), SpecCodeActionProvider.metadata),
  );
  return diagnostics;
}
