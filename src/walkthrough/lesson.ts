// "Get Started with Unroll": the buttons of the walkthrough's steps. Each does what its step says, on a spec the
// learner can see change: a copy of the StatQuest example, then the lesson spec (one recurrent weight over fifty
// steps) whose w2 and cell the buttons edit as ordinary undoable edits in the editor, beside its live preview.
// Copies are unsaved documents, so nothing is written to disk. No Node import: it runs in the browser host too.
import * as vscode from 'vscode';
import { modify, type Edit } from 'jsonc-parser';
import { defaultSpecFolder, freeUntitledSpecUri, openUntitledSpec } from '../commands/untitledSpec';

export const WALKTHROUGH_ID = 'unroll-dev.unroll#unroll.getStarted';

/** The lesson's cell after "switch the cell to lstm": PyTorch's initialisation with a forget-gate bias of 3, which is
 *  what lets the cell state carry the gradient back (the same choice as the long-range-lstm example). */
export const LESSON_LSTM = { cell: 'lstm', inputSize: 1, hiddenSize: 4, outputSize: 1, init: { scheme: 'pytorch', seed: 1, forgetBias: 3 } };

export class Lesson {
  /** The fifty-step spec the w2 and cell buttons edit, while it is open. */
  private lesson: vscode.Uri | undefined;
  /** The last spec a button opened (the StatQuest copy or the lesson): what Train and Compare act on. */
  private latest: vscode.Uri | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly home: vscode.Uri,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('unroll.getStarted', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
      vscode.commands.registerCommand('unroll.walkthrough.openStatQuest', () => this.openCopy(vscode.Uri.joinPath(this.extensionUri, 'examples', 'statquest-stock.rnn.json'), 'statquest-stock')),
      vscode.commands.registerCommand('unroll.walkthrough.setRecurrentWeight', (value: unknown) => this.setRecurrentWeight(typeof value === 'number' ? value : 2)),
      vscode.commands.registerCommand('unroll.walkthrough.switchToLstm', () => this.switchToLstm()),
      vscode.commands.registerCommand('unroll.walkthrough.train', async () => vscode.commands.executeCommand('unroll.train', await this.latestUri())),
      vscode.commands.registerCommand('unroll.walkthrough.compareCells', async () => vscode.commands.executeCommand('unroll.compareCells', await this.latestUri())),
    ];
  }

  /** w2 of the lesson spec (opened first if it is not), written into the spec where the learner sees it. */
  async setRecurrentWeight(value: number): Promise<vscode.Uri> {
    const uri = await this.lessonUri();
    await this.edit(uri, (text) => modify(text, ['model', 'weights', 'weight_hh_l0'], [[value]], { formattingOptions: FORMAT }));
    return uri;
  }

  /** The lesson's model becomes an LSTM; its data, loss and training stay, so the two can be compared as they are. */
  async switchToLstm(): Promise<vscode.Uri> {
    const uri = await this.lessonUri();
    await this.edit(uri, (text) => modify(text, ['model'], LESSON_LSTM, { formattingOptions: FORMAT }));
    return uri;
  }

  private async openCopy(source: vscode.Uri, stem: string): Promise<vscode.Uri> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    const target = await freeUntitledSpecUri(defaultSpecFolder(this.home), stem);
    const editor = await openUntitledSpec(target, text, vscode.ViewColumn.One);
    this.latest = editor.document.uri;
    await vscode.commands.executeCommand('unroll.openPreviewToSide', editor.document.uri);
    return editor.document.uri;
  }

  /** The lesson spec, opened (beside its preview) if it is not open. */
  private async lessonUri(): Promise<vscode.Uri> {
    if (isOpen(this.lesson)) return this.lesson;
    this.lesson = await this.openCopy(vscode.Uri.joinPath(this.extensionUri, 'media', 'walkthrough', 'fifty-steps.rnn.json'), 'fifty-steps');
    return this.lesson;
  }

  private async latestUri(): Promise<vscode.Uri> {
    return isOpen(this.latest) ? this.latest : this.lessonUri();
  }

  private async edit(uri: vscode.Uri, edits: (text: string) => Edit[]): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const change = new vscode.WorkspaceEdit();
    for (const e of edits(document.getText())) {
      change.replace(uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    await vscode.workspace.applyEdit(change);
  }
}

function isOpen(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return uri !== undefined && vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isClosed);
}

const FORMAT = { insertSpaces: true, tabSize: 2, eol: '\n' };
