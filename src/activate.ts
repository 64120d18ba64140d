// What activation wires, the same in the desktop and the browser host; each entry point passes the parts that
// differ (how a worker starts, how a file is read).
import * as vscode from 'vscode';
import { Jobs } from './jobs/jobs';
import type { TransportFactory } from './worker/transport';
import type { FileAccess } from './documents/fileAccess';
import { SpecFiles } from './documents/specFiles';
import { SpecResults } from './state/specResults';
import { PreviewManager } from './preview/previewManager';
import { GradientStatusBar } from './status/statusBar';
import { TrainingController } from './training/trainingController';
import { DivergenceNotes } from './training/divergenceNotes';
import { SampleCommand } from './commands/sampleCommand';
import { registerPreviewCommands } from './commands/previewCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerExportCommand } from './commands/exportCommand';
import { newSpecFromExample } from './commands/newFromExample';
import { newSpecFromCheckpoint } from './commands/importCheckpoint';
import { Lesson } from './walkthrough/lesson';
import { FIX_SELECTOR, registerSpecLanguageFeatures, type SpecDiagnostics } from './diagnostics';
import { registerSpecLanguage } from './language/specLanguage';

/** What activate() returns: a small surface for integration tests, nothing a user depends on. */
export interface UnrollApi {
  previews: PreviewManager;
  status: GradientStatusBar;
  training: TrainingController;
  results: SpecResults;
  diagnostics: SpecDiagnostics;
}

export interface HostParts {
  transport: TransportFactory;
  fileAccess: (uri: vscode.Uri) => FileAccess;
  /** where new specs go when no folder is open */
  home: vscode.Uri;
}

export function activateWith(context: vscode.ExtensionContext, parts: HostParts): UnrollApi {
  const jobs = new Jobs(parts.transport);
  const files = new SpecFiles(parts.fileAccess, [vscode.Uri.joinPath(context.extensionUri, 'examples')]);
  const results = new SpecResults();
  const training = new TrainingController(jobs, files, results);
  const divergence = new DivergenceNotes(results);
  const previews = new PreviewManager(context.extensionUri, {
    jobs,
    files,
    results,
    actions: {
      train: (uri) => void vscode.commands.executeCommand('unroll.train', uri),
      stopTraining: (uri) => training.stop(uri),
      compare: (uri) => void vscode.commands.executeCommand('unroll.compareCells', uri),
      fixDivergence: (uri, fix) => void divergence.apply(uri, fix),
      sampleAgain: (uri) => void sampler.again(uri),
    },
  }, context.workspaceState);
  const sampler = new SampleCommand({ previews, jobs, files, results });
  const status = new GradientStatusBar(jobs, files, previews);
  context.subscriptions.push(jobs, files, results, training, divergence, previews, status);

  registerSpecLanguage(context);
  const diagnostics = registerSpecLanguageFeatures(context, jobs, files);
  registerPreviewCommands(context, previews);
  registerModelCommands(context, { previews, jobs, files, results, training });
  registerExportCommand(context, previews, jobs, files);
  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.newSpecFromExample', () => newSpecFromExample(context.extensionUri, parts.home)),
    vscode.commands.registerCommand('unroll.newSpecFromCheckpoint', (uri?: vscode.Uri) => newSpecFromCheckpoint(jobs, previews, uri)),
    ...new Lesson(context.extensionUri, parts.home).register(),
    vscode.commands.registerCommand('unroll.sampleFromModel', (uri?: unknown, settings?: Parameters<SampleCommand['run']>[1]) => sampler.run(uri, settings)),
    vscode.languages.registerCodeActionsProvider(FIX_SELECTOR, divergence, DivergenceNotes.metadata),
  );
  return { previews, status, training, results, diagnostics };
}
