// A new user's first spec, in a folder that had none when the window opened (so nothing activated Unroll at
// startup): the file opens as "Unroll Spec (JSON)", coloured like JSON, and its problem is reported at once, once,
// without running any Unroll command first.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil } from '../../scripts/lib/preview.mjs';

describe('a first spec in a folder without specs (e2e)', () => {
  const session = useWorkbench({ emptyWorkspace: true, settings: { 'editor.minimap.enabled': false } });

  it('is checked as soon as it is opened, and its problem is reported once', async () => {
    const { workbench, workspace, page } = session;
    const spec = {
      version: 1,
      model: { cell: 'lstn', inputSize: 1, hiddenSize: 2, outputSize: 1 },
      data: { sequences: [{ inputs: [[0], [1]], target: [1] }] },
    };
    writeFileSync(join(workspace.dir, 'first.rnn.json'), `${JSON.stringify(spec, null, 2)}\n`);
    // Quick Open searches the disk, so it finds a file written after the window opened.
    await workbench.openFile('first.rnn.json', { timeout: 30_000 });
    const language = page.locator('[id="status.editor.mode"]');
    await pollUntil(() => language.textContent(), (text) => /Unroll Spec \(JSON\)/.test(text ?? ''), { what: 'the language to be Unroll Spec (JSON)' });
    const problems = page.locator('[id="status.problems"]');
    const counts = await pollUntil(
      async () => (await problems.getAttribute('aria-label')) ?? (await problems.textContent()) ?? '',
      (text) => /1 error|Errors?: 1\b/i.test(text),
      { timeout: 60_000, what: 'one error in the status bar' },
    );
    await page.waitForTimeout(2000);
    assert.equal((await problems.getAttribute('aria-label')) ?? (await problems.textContent()), counts, 'no second report arrived later');
    // Coloured by VS Code's JSON grammar: keys, strings and numbers in different colours.
    const colours = await page.$$eval('.editor-group-container.active .view-lines .view-line span span', (spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size);
    assert.ok(colours >= 3, `${colours} colours in the editor`);
  });
});
