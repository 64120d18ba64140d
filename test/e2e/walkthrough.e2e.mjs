// "Get Started with Unroll" as a new user meets it: opened from the palette, each step expanded and its button
// clicked on the Welcome page, and the preview answering: the StatQuest copy, w2 = 2 exploding, 0.5 vanishing,
// the LSTM healthy, training, the cell comparison. Each step's editor area is saved as
// test-output/screenshots/walkthrough-<step>.png; with UNROLL_UPDATE_MEDIA=1 they also replace the walkthrough's
// pictures in media/walkthrough/, so those are always made from the real views.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil, previewFrame } from '../../scripts/lib/preview.mjs';

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
const STEPS = manifest.contributes.walkthroughs[0].steps;
const TITLE = manifest.contributes.commands.find((c) => c.command === 'unroll.getStarted').title;

/** What the preview must show after each step's button (the spec's name in the header, and its health badge). */
const EXPECTED = {
  statquest: { name: 'StatQuest stock example', health: /healthy/ },
  explode: { name: 'One recurrent weight, fifty steps', health: /exploding/ },
  vanish: { name: 'One recurrent weight, fifty steps', health: /vanishing/ },
  lstm: { name: 'One recurrent weight, fifty steps', health: /healthy/ },
  train: { name: 'One recurrent weight, fifty steps', testid: 'replay-hint' },
  compare: { name: 'One recurrent weight, fifty steps', testid: 'compare-conclusion' },
};

describe('the Get Started walkthrough (e2e)', () => {
  const session = useWorkbench({ settings: { 'editor.minimap.enabled': false } });

  it('opens from the palette, and every step\'s button does what it says in the preview', async function () {
    this.timeout(300_000);
    const { workbench, page } = session;
    await workbench.runCommand(`Unroll: ${TITLE}`, { timeout: 30_000 });
    for (const step of STEPS) {
      const expected = EXPECTED[step.id];
      assert.ok(expected, `the test knows step ${step.id}`);
      const label = /\[([^\]]+)\]\(command:/.exec(step.description)[1];
      // Back to the walkthrough's tab (the buttons open editors over it), then the step, then its button.
      await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click({ timeout: 15_000 });
      await page.getByText(step.title, { exact: true }).first().click({ timeout: 15_000 });
      await page.getByText(label, { exact: true }).first().click({ timeout: 15_000 });
      const frame = await previewFrame(workbench, expected.name, { timeout: 60_000 });
      if (expected.health) {
        await pollUntil(async () => (await frame.locator('[data-testid="health-badge"]').textContent()) ?? '', (text) => expected.health.test(text), {
          timeout: 30_000,
          what: `step ${step.id}: the badge to say ${expected.health}`,
        });
      }
      if (expected.testid) await frame.locator(`[data-testid="${expected.testid}"]`).first().waitFor({ timeout: 120_000 });
      await page.waitForTimeout(500);
      const shot = await workbench.screenshotEditors(`walkthrough-${step.id}`);
      if (process.env.UNROLL_UPDATE_MEDIA === '1') copyFileSync(shot, join(PROJECT_ROOT, step.media.image));
    }
  });
});
