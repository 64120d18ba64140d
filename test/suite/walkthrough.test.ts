// "Get Started with Unroll", inside a real VS Code: the contribution names commands that exist and pictures that
// are in the package, "Unroll: Open the Get Started Walkthrough" opens it, and every step's button does what the step says, seen in the
// preview's model: the StatQuest copy; w2 = 2 explodes (2^49 at the first step); 0.5 vanishes; the LSTM keeps a
// visible share; Train trains; Compare Cells compares. Every spec is an unsaved copy, closed without saving.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { UnrollApi } from '../../src/extension';
import type { PreviewModel, TrainingProgress } from '../../src/protocol';
import { api, EXTENSION_ID, waitFor as waitUntil } from './helpers';

/** Polls until `probe` gives a value; this suite waits up to 30 s unless told otherwise. */
const waitFor = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> => waitUntil(probe, what, timeoutMs);




interface Step {
  id: string;
  description: string;
  media: { image: string; altText: string };
  completionEvents: string[];
}

function walkthroughSteps(): Step[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { walkthroughs: { id: string; steps: Step[] }[] } };
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'unroll.getStarted');
  assert.ok(walkthrough, 'the walkthrough is contributed');
  return walkthrough.steps;
}

/** The step's button: its command and arguments, as VS Code reads a command: link. */
function button(step: Step): { command: string; args: unknown[] } {
  const link = /\]\(command:([\w.]+)(?:\?([^)]*))?\)/.exec(step.description);
  assert.ok(link, `step ${step.id} has a button`);
  return { command: link[1], args: link[2] ? (JSON.parse(decodeURIComponent(link[2])) as unknown[]) : [] };
}

async function press(step: Step): Promise<unknown> {
  const { command, args } = button(step);
  return vscode.commands.executeCommand(command, ...args);
}

/** The preview model of the walkthrough's current spec once it shows `accept`. */
async function shown(unroll: UnrollApi, stem: string, accept: (model: PreviewModel) => boolean, what: string): Promise<PreviewModel> {
  return waitFor(() => {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== 'untitled' || !document.uri.path.includes(stem)) continue;
      const model = unroll.previews.previewsOf(document.uri).map((p) => p.model).find((m) => m && accept(m));
      if (model) return model;
    }
    return undefined;
  }, what, 60_000);
}

const firstOverLast = (m: PreviewModel) => m.gradNorm[0] / m.gradNorm[m.gradNorm.length - 1];

describe('the Get Started walkthrough', function () {
  this.timeout(240_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled')) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('names commands that exist, pictures that are in the package, and a step event for every button', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const steps = walkthroughSteps();
    assert.ok(steps.length >= 5 && steps.length <= 6, `five or six steps, not ${steps.length}`);
    for (const step of steps) {
      const { command } = button(step);
      assert.ok(commands.has(command), `${step.id}: ${command} is registered`);
      assert.deepEqual(step.completionEvents, [`onCommand:${command}`], `${step.id} is done when its button runs`);
      const picture = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, step.media.image));
      assert.ok(picture.size > 1000, `${step.media.image} is a picture`);
      assert.ok(step.media.altText.length > 20, `${step.id} describes its picture`);
    }
  });

  it('opens from the palette command "Unroll: Open the Get Started Walkthrough"', async () => {
    await vscode.commands.executeCommand('unroll.getStarted');
    const tab = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'a tab');
    assert.match(tab.label, /Welcome|Get Started|Walkthrough/i);
  });

  it('every button does what its step says, in the preview', async () => {
    const unroll = await api();
    const [statQuest, explode, vanish, lstm, train, compare] = walkthroughSteps();

    await press(statQuest);
    const stock = await shown(unroll, 'statquest-stock', (m) => m.steps === 2, 'the StatQuest copy in its preview');
    assert.equal(stock.cell, 'rnn');

    await press(explode);
    const exploded = await shown(unroll, 'fifty-steps', (m) => m.steps === 50 && m.health === 'exploding', 'w2 = 2 to explode');
    assert.ok(Math.abs(firstOverLast(exploded) / 2 ** 49 - 1) < 1e-9, `the first step gets 2^49 × the last: ${firstOverLast(exploded)}`);

    await press(vanish);
    const vanished = await shown(unroll, 'fifty-steps', (m) => m.health === 'vanishing', 'w2 = 0.5 to vanish');
    assert.ok(Math.abs(firstOverLast(vanished) / 0.5 ** 49 - 1) < 1e-9, `the first step gets 0.5^49 × the last: ${firstOverLast(vanished)}`);

    await press(lstm);
    const gated = await shown(unroll, 'fifty-steps', (m) => m.cell === 'lstm', 'the LSTM');
    assert.ok(firstOverLast(gated) > 1e-3, `the LSTM keeps ${firstOverLast(gated)} of the gradient at the first step`);

    const progress = (await press(train)) as TrainingProgress;
    assert.equal(progress.state, 'done');
    assert.ok(progress.loss.at(-1)! < progress.loss[0], 'the loss falls');

    const comparison = await press(compare);
    assert.ok(comparison, 'Compare Cells answered');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.path.includes('fifty-steps'))!;
    await waitFor(() => unroll.results.get(document.uri).comparison, 'the comparison kept for the lesson spec');
    assert.equal(document.isDirty, true, 'the lesson is an unsaved copy: nothing was written to disk');
  });
});
