// Every example, as a person opens it: Quick Open, "Unroll: Open Preview to the Side", then "Numbers per step".
// The preview marks each time step, and each row's exact ‖dL/dh_t‖ is the engine's: checked against
// `unroll grad --json` of the same build, which runs the engine outside VS Code.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { cliGrad, openNumbersTable, previewFrame, readPreview, sameNumber, specFacts } from '../../scripts/lib/preview.mjs';

const EXAMPLES = readdirSync(join(PROJECT_ROOT, 'examples'))
  .filter((file) => file.endsWith('.rnn.json'))
  .sort();

const range = (n) => Array.from({ length: n }, (_, t) => t);

describe('every example in the preview (e2e)', () => {
  const session = useWorkbench({ settings: { 'files.exclude': { '.vscode': true } } });

  beforeEach(async () => {
    // Each example gets a preview of its own, not the previous one following the new editor.
    if ((await session.workbench.editorTabs()).length > 0) await session.workbench.closeAllEditors();
  });

  for (const file of EXAMPLES) {
    it(`${file}: a mark for every step, and the engine's ‖dL/dh_t‖ on every row`, async () => {
      const { workbench, workspace } = session;
      const path = join(workspace.dir, file);
      const facts = specFacts(path);
      const engine = cliGrad(path);
      const expected = engine.stepGradNorm[facts.sequence];
      assert.equal(expected?.length, facts.steps, `the CLI's sequence ${facts.sequence} has ${facts.steps} steps`);

      await workbench.openFile(file);
      await workbench.runCommand('Unroll: Open Preview to the Side');
      const frame = await previewFrame(workbench, facts.name);
      await openNumbersTable(frame, facts.steps);
      const shown = await readPreview(frame);

      assert.equal(shown.steps, facts.steps, 'the header counts the steps of the sequence on show');
      assert.deepEqual(shown.stepSet, range(facts.steps), 'data-step marks exactly the steps 0..T−1');
      assert.deepEqual(shown.rows.map((row) => row.step), range(facts.steps), 'one table row per step, in order');
      const wrong = shown.rows
        .filter((row) => !sameNumber(row.gradNorm, expected[row.step]))
        .map((row) => `step ${row.step}: shown ${row.gradNorm}, engine ${expected[row.step]}`);
      assert.deepEqual(wrong, [], `rows whose ‖dL/dh_t‖ is not the engine's (sequence ${facts.sequence})`);
      const inexact = shown.rows.filter((row) => !Object.is(Number(row.gradNorm), expected[row.step])).length;
      if (inexact > 0) console.log(`      (${file}: ${inexact} of ${facts.steps} rows equal the engine's only within 1e-12, not bit for bit)`);

      await frame.evaluate(() => window.scrollTo(0, 0));
      await workbench.screenshot(`example-${basename(file, '.rnn.json')}`);
    });
  }
});
