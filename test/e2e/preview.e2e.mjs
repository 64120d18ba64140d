// What a person sees: open a spec, run "Unroll: Open Preview to the Side" from the palette, and the
// preview shows the spec's name and one column per time step beside the editor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';
import { describeSpec } from '../../scripts/lib/workspace.mjs';

const { findNodeAtLocation, parseTree } = createRequire(import.meta.url)('jsonc-parser');

/** Where a value sits in a JSON text, as the status bar counts it: line and column of its start (1-based), its length. */
function spotOf(text, path) {
  const node = findNodeAtLocation(parseTree(text), path);
  if (!node) throw new Error(`${path.join('.')} is not in the spec`);
  const before = text.slice(0, node.offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, length: node.length };
}

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

  it("clicking a step selects that step's input in the JSON; picking a sequence shows it and selects it there", async () => {
    const { workbench, workspace } = session;
    const file = 'statquest-stock.rnn.json';
    if ((await workbench.editorTabs()).length > 0) await workbench.closeAllEditors();
    const text = readFileSync(join(workspace.dir, file), 'utf8');
    const facts = specFacts(join(workspace.dir, file));
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, facts.name);

    // A step: the editor takes the focus with the step's input selected (the cursor ends after it).
    await frame.click('svg.front g.step[data-step="1"]');
    const input = spotOf(text, ['data', 'sequences', facts.sequence, 'inputs', 1]);
    const atInput = await pollUntil(() => workbench.editorSelection(), (s) => s?.selected === input.length && s.line === input.line, {
      what: `the selection of sequences[${facts.sequence}].inputs[1] (line ${input.line}, ${input.length} characters)`,
    });
    assert.equal(atInput.column, input.column + input.length, 'the cursor sits at the end of the selected input');

    // A sequence, as a keyboard user picks one: focus the picker and arrow down twice. The first arrow already
    // selects the next sequence in the JSON; the picker keeps the focus, so the second arrow goes on from there.
    const other = facts.sequence + 2;
    assert.ok(other < JSON.parse(text).data.sequences.length, 'two more sequences after the one the example opens on');
    await frame.focus('header select');
    await frame.press('header select', 'ArrowDown');
    const next = String(facts.sequence + 1);
    await pollUntil(() => frame.evaluate(() => document.querySelector('header select')?.value), (value) => value === next, { what: `the picker on sequence ${next}` });
    await frame.waitForTimeout(300); // the host's selection in the JSON happens now; it must not take the focus away
    await frame.press('header select', 'ArrowDown');
    await pollUntil(() => frame.evaluate(() => document.querySelector('header select')?.value), (value) => value === String(other), { what: `the picker on sequence ${other}` });
    assert.equal(await frame.evaluate(() => document.activeElement?.tagName), 'SELECT', 'the sequence picker still has the focus');
    const inputs = JSON.parse(text).data.sequences[other].inputs;
    await pollUntil(() => frame.locator('svg.front g.step').count(), (n) => n === inputs.length, { what: `the steps of sequence ${other}` });
    const sequence = spotOf(text, ['data', 'sequences', other]);
    await workbench.focusFileEditor(file);
    const atSequence = await pollUntil(() => workbench.editorSelection(), (s) => s?.selected === sequence.length, {
      what: `the selection of sequences[${other}] (${sequence.length} characters)`,
    });
    assert.equal(atSequence.line, sequence.line, `sequences[${other}] is on line ${sequence.line}`);
  });
});
