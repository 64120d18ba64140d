// What a person sees: open a spec, run "Unroll: Open Preview to the Side" from the palette, and the
// preview shows the spec's name and one column per time step beside the editor.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { describeSpec } from '../../scripts/lib/workspace.mjs';

/** StatQuest's stock example from examples/; while examples/ is empty, the fixture's spec. */
const SPEC_CANDIDATES = ['statquest-stock.rnn.json', 'statquest-scalar.rnn.json'];

describe('preview (e2e)', () => {
  const session = useWorkbench();

  it('shows the StatQuest spec beside its editor', async () => {
    const { workbench, workspace } = session;
    const file = SPEC_CANDIDATES.find((name) => workspace.specs.includes(name));
    assert.ok(file, `none of ${SPEC_CANDIDATES.join(', ')} in the workspace (${workspace.specs.join(', ')})`);
    const expected = describeSpec(join(workspace.dir, file));

    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');

    const frame = await workbench.webviewFrame('[data-testid="spec-name"]');
    await frame.locator('[data-testid="spec-name"]').filter({ hasText: expected.name }).waitFor({ timeout: 15_000 });
    assert.equal((await frame.locator('[data-testid="spec-name"]').textContent())?.trim(), expected.name);
    assert.equal(Number((await frame.locator('[data-testid="step-count"]').textContent())?.trim()), expected.steps);
    // Several views mark their per-step elements (columns, bars, rows); together they cover each step once.
    const steps = await frame.$$eval('[data-step]', (els) => [...new Set(els.map((el) => Number(el.getAttribute('data-step'))))]);
    assert.deepEqual(steps.sort((a, b) => a - b), Array.from({ length: expected.steps }, (_, t) => t), 'data-step marks every time step');

    assert.equal(await workbench.editorGroupCount(), 2, 'the preview opened beside the editor, in a second group');
    const tabs = await workbench.editorTabs();
    assert.ok(tabs.some((tab) => tab.label.includes(file)), `no editor tab for ${file}: ${JSON.stringify(tabs)}`);
    assert.ok(
      tabs.some((tab) => tab.label.includes(`Unroll: ${expected.name}`)),
      `no preview tab titled "Unroll: ${expected.name}": ${JSON.stringify(tabs)}`,
    );

    await workbench.screenshot('preview-statquest');
  });
});
