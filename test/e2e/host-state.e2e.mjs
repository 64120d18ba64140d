// What the host owns, tried as a person does it in the real workbench: a locked preview stays locked through a
// window reload and says so (tab, title bar); Compare Cells on a broken spec ends with a message in the view;
// training curves and a comparison come back when the preview is hidden and shown, or closed and opened; and the
// palette runs the command whose exact title was typed, from the editor and from the preview, on a fresh history.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';

/** Every command a person may type into the palette, as "Unroll: Title" (those the palette shows in a spec). */
function paletteTitles() {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false' || m.when === 'unroll.training').map((m) => m.command));
  return manifest.contributes.commands.filter((c) => !hidden.has(c.command)).map((c) => `${c.category}: ${c.title}`);
}

/** Gives the preview the keyboard focus, as a click into it does (on a heading, clear of the tab's hover). */
async function focusPreview(workbench, frame) {
  await workbench.page.mouse.move(5, 400);
  await frame.locator('#training-title').click();
}

/** The tab of the preview of `name` ("Unroll: name", or "[Locked] Unroll: name"). */
async function previewTab(workbench, name) {
  const tabs = await workbench.editorTabs();
  return tabs.find((tab) => tab.label.includes(`Unroll: ${name}`))?.label;
}

describe('the host owns the state (e2e)', () => {
  const session = useWorkbench({ settings: { 'files.exclude': { '.vscode': true }, 'editor.minimap.enabled': false } });

  beforeEach(async () => {
    if ((await session.workbench.editorTabs()).length > 0) await session.workbench.closeAllEditors();
  });

  it('the palette runs the command whose exact title was typed, from the editor and from the preview', async () => {
    const { workbench } = session;
    // A fresh history: the palette lists recently used commands first, which would hide what a newcomer meets.
    await workbench.clearCommandHistory();
    await workbench.openFile('sine.rnn.json');
    const wrong = [];
    for (const title of paletteTitles()) {
      const chosen = await workbench.paletteChoice(title);
      if (chosen !== title) wrong.push(`from the editor, "${title}" would run "${chosen}"`);
    }
    await workbench.runTyped('Unroll: Open Preview to the Side');
    const sine = specFacts(join(session.workspace.dir, 'sine.rnn.json')).name;
    const frame = await previewFrame(workbench, sine);
    assert.equal(await previewTab(workbench, sine), `Unroll: ${sine}, Editor Group 2`, 'Open Preview to the Side opened an unlocked preview');
    // Now with the focus in the preview, and a fresh history again (opening the preview went into it).
    await workbench.clearCommandHistory();
    await focusPreview(workbench, frame);
    for (const title of paletteTitles()) {
      const chosen = await workbench.paletteChoice(title);
      if (chosen !== title) wrong.push(`from the preview, "${title}" would run "${chosen}"`);
    }
    assert.deepEqual(wrong, []);
    await focusPreview(workbench, frame);
    await workbench.runTyped('Unroll: Train');
    const status = frame.locator('section.training [role="status"]');
    await pollUntil(() => status.textContent().catch(() => ''), (text) => /Epoch \d+ \/ \d+/.test(text ?? ''), { timeout: 30_000, what: 'Unroll: Train, typed from the preview, to train its spec' });
    await workbench.closeAllEditors();
  });

  it('a locked preview stays locked through a window reload, and says so in its tab and title bar', async function () {
    this.timeout(300_000);
    const { workbench, workspace } = session;
    const exploding = specFacts(join(workspace.dir, 'exploding.rnn.json'));
    await workbench.openFile('exploding.rnn.json');
    await workbench.runCommand('Unroll: Open Preview to the Side (Locked)');
    await previewFrame(workbench, exploding.name);
    await pollUntil(() => previewTab(workbench, exploding.name), (label) => label?.startsWith('[Locked] Unroll: ') === true, { what: 'the tab to say [Locked]' });
    const unlockAction = workbench.page.locator('.editor-actions .action-label[aria-label*="Unlock Preview"]');

    await workbench.reload();
    // The extension host starts again and revives the panel: here that can take a good part of a minute.
    await previewFrame(workbench, exploding.name, { timeout: 150_000 });
    const revived = await pollUntil(() => previewTab(workbench, exploding.name), (label) => label !== undefined, { what: 'the revived preview\'s tab' });
    assert.match(revived, /^\[Locked\] Unroll: /, `the revived preview is still locked: its tab says "${revived}"`);
    // Another spec in the editor: a locked preview does not follow it.
    await workbench.openFile('vanishing.rnn.json');
    await workbench.page.waitForTimeout(1500);
    const frame = await previewFrame(workbench, exploding.name);
    assert.equal(await frame.locator('[data-testid="spec-name"]').textContent(), exploding.name);
    // The lock is visible in the title bar once the preview has the focus, and toggling it says what it did.
    await focusPreview(workbench, frame);
    await unlockAction.first().waitFor({ timeout: 10_000 });
    await workbench.runCommand('Unroll: Toggle Preview Lock');
    await pollUntil(() => previewTab(workbench, exploding.name), (label) => label !== undefined && !label.includes('[Locked]'), { what: 'the tab to drop [Locked]' });
    const said = await workbench.page.locator('.statusbar').textContent();
    assert.match(said ?? '', /preview unlocked/);
    await workbench.page.locator('.editor-actions .action-label[aria-label*="Lock Preview"]').first().waitFor({ timeout: 10_000 });
    await workbench.closeAllEditors();
  });

  it('Compare Cells on a broken spec ends with a message in the view, not "Comparing…" forever', async () => {
    const { workbench, workspace } = session;
    const facts = specFacts(join(workspace.dir, 'long-range-rnn.rnn.json'));
    await workbench.openFile('long-range-rnn.rnn.json');
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, facts.name);
    await workbench.focusFileEditor('long-range-rnn.rnn.json');
    await workbench.goToLine(1, 1);
    await workbench.typeInEditor('x');
    try {
      await frame.locator('[data-testid="problem-banner"]').waitFor({ timeout: 20_000 });
      const compare = frame.locator('section.compare');
      await compare.locator('button', { hasText: 'Compare cells' }).click();
      const failure = compare.locator('[data-testid="compare-failure"]');
      await failure.waitFor({ timeout: 20_000 });
      assert.match((await failure.textContent()) ?? '', /Could not compare: line 1, column 1/);
      assert.equal((await compare.locator('button').textContent())?.trim(), 'Compare cells');
    } finally {
      await workbench.focusFileEditor('long-range-rnn.rnn.json');
      await workbench.runCommand('File: Revert File');
    }
    await workbench.closeAllEditors();
  });

  it('training curves and a comparison come back after the preview is hidden and shown, and closed and opened', async () => {
    const { workbench, workspace } = session;
    const facts = specFacts(join(workspace.dir, 'sine.rnn.json'));
    await workbench.openFile('sine.rnn.json');
    await workbench.runCommand('Unroll: Open Preview to the Side');
    let frame = await previewFrame(workbench, facts.name);
    await workbench.runCommand('Unroll: Train');
    await pollUntil(() => frame.locator('section.training [role="status"]').textContent(), (text) => /done/.test(text ?? ''), { timeout: 60_000, what: 'training to end' });
    await workbench.runCommand('Unroll: Compare Cells (RNN / LSTM / GRU)', { timeout: 30_000 });
    await frame.locator('[data-testid="compare-chart"] polyline').first().waitFor({ timeout: 30_000 });
    const epochs = await frame.locator('section.training [role="status"]').textContent();

    const curvesShown = async (what) => {
      frame = await previewFrame(workbench, facts.name);
      await frame.locator('[data-testid="loss-curve"] polyline').first().waitFor({ timeout: 20_000 }).catch(() => {
        throw new Error(`the training curves are gone ${what}`);
      });
      assert.equal(await frame.locator('section.training [role="status"]').textContent(), epochs, `the same training ${what}`);
      await frame.locator('[data-testid="compare-chart"] polyline').first().waitFor({ timeout: 20_000 }).catch(() => {
        throw new Error(`the comparison is gone ${what}`);
      });
    };
    // Hidden behind another tab in its group (a webview is torn down while hidden), then shown again.
    await focusPreview(workbench, frame);
    await workbench.openFile('stock-prices.csv');
    await workbench.page.locator('.tabs-container .tab', { hasText: 'Unroll: ' }).first().click();
    await curvesShown('after the preview was hidden behind another tab and shown again');
    // Closed and opened again.
    await workbench.closeAllEditors();
    await workbench.openFile('sine.rnn.json');
    await workbench.runCommand('Unroll: Open Preview to the Side');
    await curvesShown('after the preview was closed and opened');
    await workbench.closeAllEditors();
  });
});
