// Restricted Mode, as a person meets it with a folder they do not trust: Unroll still previews a spec with inline
// data and a CSV inside the folder, and refuses (with a problem on the file's name, showing nothing of it) a data
// file outside the folder, which it would read in a trusted workspace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';

describe('Restricted Mode (e2e)', () => {
  const session = useWorkbench({ restricted: true, settings: { 'editor.minimap.enabled': false } });
  let outsideDir;

  before(async () => {
    const { workbench, workspace, page } = session;
    // The trust prompt, answered as someone who does not know the folder's authors.
    const no = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust/ });
    await no.first().click({ timeout: 20_000 }).catch(() => {});
    outsideDir = mkdtempSync(join(tmpdir(), 'unroll-outside-'));
    writeFileSync(join(outsideDir, 'secret.csv'), 'date,close\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n');
    const spec = JSON.parse((await import('node:fs')).readFileSync(join(workspace.dir, 'stock-prices.rnn.json'), 'utf8'));
    spec.name = 'Reads outside';
    spec.data.csv.file = relative(workspace.dir, join(outsideDir, 'secret.csv'));
    spec.data.csv.columns = ['close'];
    spec.data.csv.targetColumn = 'close';
    spec.data.csv.window = 2;
    writeFileSync(join(workspace.dir, 'outside.rnn.json'), `${JSON.stringify(spec, null, 2)}\n`);
    await workbench.page.waitForTimeout(500);
  });

  after(() => rmSync(outsideDir, { recursive: true, force: true }));

  it('is in Restricted Mode', async () => {
    await pollUntil(() => session.page.locator('.part.statusbar').innerText(), (text) => /Restricted Mode/.test(text), { timeout: 30_000, what: 'the status bar to say Restricted Mode' });
  });

  it('previews inline data and a CSV inside the folder', async () => {
    const { workbench, workspace } = session;
    for (const file of ['statquest-stock.rnn.json', 'stock-prices.rnn.json']) {
      await workbench.openFile(file);
      await workbench.runCommand('Unroll: Open Preview to the Side');
      const frame = await previewFrame(workbench, specFacts(join(workspace.dir, file)).name, { timeout: 60_000 });
      await frame.locator('[data-testid="loss-value"]').waitFor({ timeout: 30_000 });
      await workbench.closeAllEditors();
    }
  });

  it('refuses a data file outside the folder, on its name, without showing any of it', async () => {
    const { workbench } = session;
    await workbench.openFile('outside.rnn.json', { timeout: 30_000 });
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const banner = await pollUntil(
      async () => (await workbench.webviewTexts()).find((text) => /outside the workspace/.test(text)),
      (text) => text !== undefined,
      { timeout: 60_000, what: 'the preview to say the file is outside the workspace' },
    );
    assert.ok(!banner.includes('2024-01-01') && !banner.includes('close'), `nothing of the file is shown: ${banner}`);
    assert.match(banner, new RegExp(basename(outsideDir)));
  });
});
