// Wiring only: every feature lives in its own module and receives what it needs.
import * as vscode from 'vscode';
import { PreviewManager } from './preview/previewManager';
import { PreviewRunner } from './preview/previewRunner';
import { GradientStatusBar } from './status/statusBar';
import { TrainingController } from './training/trainingController';
import { registerPreviewCommands } from './commands/previewCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerExportCommand } from './commands/exportCommand';
import { newSpecFromExample } from './commands/newFromExample';
import { registerSpecLanguageFeatures } from './diagnostics';

/** What activate() returns: a small surface for integration tests, nothing a user depends on. */
export interface UnrollApi {
  previews: PreviewManager;
  status: GradientStatusBar;
  training: TrainingController;
}

export function activate(context: vscode.ExtensionContext): UnrollApi {
  const runner = PreviewRunner.forExtension(context.extensionPath);
  const training = TrainingController.forExtension(context.extensionPath, runner);
  const previews = new PreviewManager(context.extensionUri, runner, {
    train: (uri) => void vscode.commands.executeCommand('unroll.train', uri),
    stopTraining: (uri) => training.stop(uri),
    compare: (uri) => void vscode.commands.executeCommand('unroll.compareCells', uri),
  });
  const status = new GradientStatusBar(runner, previews);
  context.subscriptions.push(runner, training, previews, status);

  registerSpecLanguageFeatures(context, runner);
  registerPreviewCommands(context, previews);
  registerModelCommands(context, previews, runner, training);
  registerExportCommand(context, previews);
  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.newSpecFromExample', () => newSpecFromExample(context.extensionUri)),
  );
  return { previews, status, training };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
