// The preview follows the editor keystroke by keystroke, with nothing reopened: vanishing.rnn.json's recurrent
// weight typed from 0.5 to 2 turns a vanishing gradient into an exploding one (0.5^49 → 2^49 at step 0), undo
// brings it back, and a stray character shows where the JSON broke while the last good picture stays, dimmed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import {
  cliGrad,
  gradNormAt,
  openNumbersTable,
  pollUntil,
  positionOf,
  previewFrame,
  readPreview,
  sameNumber,
  specFacts,
} from '../../scripts/lib/preview.mjs';

const FILE = 'vanishing.rnn.json';

/** The engine's numbers for a text the editor holds but the disk does not (written to a scratch folder). */
function engineFor(text) {
  const dir = mkdtempSync(join(tmpdir(), 'unroll-e2e-cli-'));
  try {
    writeFileSync(join(dir, FILE), text);
    return cliGrad(join(dir, FILE));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('live preview while typing (e2e)', () => {
  const session = useWorkbench({
    colorTheme: 'Dark Modern',
    settings: { 'files.exclude': { '.vscode': true }, 'editor.minimap.enabled': false },
  });
  /** @type {import('playwright-core').Frame} */
  let frame;
  let text = '';
  let facts;

  before(async function () {
    this.timeout(60_000);
    const { workbench, workspace } = session;
    text = readFileSync(join(workspace.dir, FILE), 'utf8');
    facts = specFacts(join(workspace.dir, FILE));
    await workbench.openFile(FILE);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    frame = await previewFrame(workbench, facts.name);
    await openNumbersTable(frame, facts.steps);
  });

  it('typing 2 over the recurrent weight 0.5 makes step 0 explode, and undo brings it back', async () => {
    const { workbench } = session;
    const before = await readPreview(frame);
    assert.match(before.health ?? '', /vanishing/, 'the untouched spec is marked vanishing');
    const g0 = before.rows[0].gradNorm;
    assert.ok(sameNumber(g0, engineFor(text).stepGradNorm[0][0]), `step 0 shows ${g0}, the engine's value`);

    const weight = positionOf(text, '0.5', '"weight_hh_l0"');
    await workbench.focusFileEditor(FILE);
    await workbench.selectInEditor(weight.line, weight.column, '0.5'.length);
    await workbench.typeInEditor('2');
    assert.match(await workbench.activeEditorText(), /"weight_hh_l0": \[\[2\]\]/, 'the editor holds the new weight');

    const exploded = await pollUntil(
      () => gradNormAt(frame, 0),
      (g) => Number(g) > 1e20 * Number(g0),
      { what: `step 0's ‖dL/dh‖ growing more than 1e20× from ${g0}` },
    );
    const edited = engineFor(text.replace('"weight_hh_l0": [[0.5]]', '"weight_hh_l0": [[2]]'));
    const after = await readPreview(frame);
    const wrong = after.rows.filter((row) => !sameNumber(row.gradNorm, edited.stepGradNorm[0][row.step])).map((row) => row.step);
    assert.deepEqual(wrong, [], `every row is the engine's value for w_hh = 2 (step 0 shows ${exploded})`);
    assert.match(after.health ?? '', /exploding/, 'the health badge says exploding');
    await frame.evaluate(() => window.scrollTo(0, 0));
    await frame.waitForTimeout(200);
    await workbench.screenshot('live-exploding');
    await workbench.screenshotEditors('editor-exploding');

    await workbench.undo();
    await pollUntil(() => gradNormAt(frame, 0), (g) => g === g0, { what: `step 0 back to ${g0} after undo` });
    assert.match((await readPreview(frame)).health ?? '', /vanishing/, 'the badge is back to vanishing');
    assert.match(await workbench.activeEditorText(), /"weight_hh_l0": \[\[0\.5\]\]/, 'undo restored the text');
  });

  it('a stray character: the banner says where, the last picture stays dimmed, and fixing it clears the banner', async () => {
    const { workbench, page } = session;
    const before = await readPreview(frame);
    assert.equal(before.banner, undefined, 'no banner while the spec is valid');

    // `"version": 1x,` — a bare word where JSON wants a value
    const at = positionOf(text, ',', '"version": 1');
    await workbench.focusFileEditor(FILE);
    await workbench.goToLine(at.line, at.column);
    await workbench.typeInEditor('x');

    const broken = await pollUntil(() => readPreview(frame), (p) => p.banner !== undefined && p.opacity < 1, {
      what: 'the problem banner over a dimmed preview',
    });
    const where = /Line (\d+), column (\d+): (.+)/.exec(broken.banner ?? '');
    assert.ok(where, `the banner reads "Line L, column C: …": ${broken.banner}`);
    assert.deepEqual([Number(where[1]), Number(where[2])], [at.line, at.column], `the banner points at the x: ${broken.banner}`);
    assert.ok(where[3].trim().length > 0, 'the banner says what is wrong');
    assert.equal(broken.stale, true, 'the preview is marked out of date');
    assert.equal(broken.name, facts.name, 'the last valid picture stays');
    assert.deepEqual(broken.rows, before.rows, "the last valid numbers stay (they are not the broken text's)");
    await frame.evaluate(() => window.scrollTo(0, 0));
    await workbench.screenshot('live-broken-json');

    await page.keyboard.press('Escape'); // a suggestion list, if the x opened one
    await page.keyboard.press('Backspace');
    const fixed = await pollUntil(() => readPreview(frame), (p) => p.banner === undefined && !p.stale, { what: 'the banner gone' });
    assert.deepEqual(fixed.rows, before.rows, 'the same numbers as before the stray character');
    await pollUntil(() => readPreview(frame), (p) => p.opacity === 1, { what: 'the preview no longer dimmed' });
  });
});
