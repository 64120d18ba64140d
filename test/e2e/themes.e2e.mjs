// The preview in the four kinds of theme, switched live with "Preferences: Color Theme" while it is open: the
// webview follows the workbench (its body class) and its text stays readable on its background. Screenshots
// land in test-output/screenshots/theme-*.png for a person to look at.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWorkbench } from '../../scripts/lib/e2e.mjs';
import { PREVIEW, pollUntil, previewFrame, specFacts } from '../../scripts/lib/preview.mjs';

const THEMES = [
  { label: 'Light Modern', kind: 'vs', bodyClass: 'vscode-light', file: 'theme-light' },
  { label: 'Dark Modern', kind: 'vs-dark', bodyClass: 'vscode-dark', file: 'theme-dark' },
  { label: 'Dark High Contrast', kind: 'hc-black', bodyClass: 'vscode-high-contrast', file: 'theme-hc-dark' },
  { label: 'Light High Contrast', kind: 'hc-light', bodyClass: 'vscode-high-contrast-light', file: 'theme-hc-light' },
];

/** WCAG contrast ratio of an element's text colour against the webview's background, computed in the frame. */
function contrastOf(selector) {
  const rgb = (css) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const element = document.querySelector(selector);
  if (!element) return 0;
  const fore = luminance(rgb(getComputedStyle(element).color));
  const back = luminance(rgb(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
}

describe('the preview in light, dark and high-contrast themes (e2e)', () => {
  // Seeding the workspace's theme makes the picker write there, not to the run's shared user settings.
  const session = useWorkbench({ settings: { 'workbench.colorTheme': 'Default Light Modern', 'files.exclude': { '.vscode': true } } });
  const file = 'vanishing.rnn.json';
  /** @type {import('playwright-core').Frame} */
  let frame;

  before(async function () {
    this.timeout(60_000);
    const { workbench, workspace } = session;
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    frame = await previewFrame(workbench, specFacts(join(workspace.dir, file)).name);
  });

  for (const theme of THEMES) {
    it(`${theme.label}: the preview follows the theme, and its text is readable`, async () => {
      const { workbench } = session;
      await workbench.setColorTheme(theme.label);
      await pollUntil(() => workbench.themeKind(), (kind) => kind === theme.kind, { timeout: 10_000, what: `the workbench in ${theme.kind}` });
      await frame.waitForFunction((c) => document.body.classList.contains(c), theme.bodyClass, { timeout: 10_000 });
      await frame.waitForTimeout(300); // the badge and charts recolour on the next frame; let it settle for the picture

      for (const selector of [PREVIEW.specName, PREVIEW.health, PREVIEW.loss]) {
        const ratio = await frame.evaluate(contrastOf, selector);
        assert.ok(ratio >= 4.5, `${selector} has contrast ${ratio.toFixed(2)} in ${theme.label} (WCAG AA asks 4.5)`);
      }
      await workbench.screenshot(theme.file);
    });
  }
});
