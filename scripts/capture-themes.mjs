// The --vscode-* variables and body class a real workbench gives the preview in each theme the views are tested in,
// written to test/webview/themes/*.json for the gallery (scripts/webview-gallery.mjs) and the views' contrast test.
// A theme's colours are only partly in its file: the workbench derives the rest (descriptionForeground from
// foreground, button colours from the accent …), so they are read from the preview's own <html> in code-server.
//   node scripts/capture-themes.mjs        (starts code-server and Chromium; about a minute)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, startBrowser } from './lib/browser.mjs';
import { PROJECT_ROOT, startCodeServer } from './lib/code-server.mjs';
import { previewFrame, specFacts } from './lib/preview.mjs';
import { Workbench } from './lib/workbench.mjs';
import { makeWorkspace } from './lib/workspace.mjs';

/** id (the file name and the gallery's theme name) → the label in "Preferences: Color Theme". */
export const CAPTURED_THEMES = {
  'light-plus': 'Light+',
  'solarized-light': 'Solarized Light',
  'dark-modern': 'Dark Modern',
  'hc-dark': 'Dark High Contrast',
  'hc-light': 'Light High Contrast',
};

const OUT = join(PROJECT_ROOT, 'test', 'webview', 'themes');

async function capture() {
  const workspace = makeWorkspace({ prefix: 'unroll-themes-' });
  const server = await startCodeServer({ workspace: PROJECT_ROOT, name: 'code-server-themes' });
  const browser = await startBrowser();
  try {
    const { page } = await openPage(browser);
    const workbench = await Workbench.open(page, { serverUrl: server.url, folder: workspace.dir, timeout: 60_000 });
    const file = 'vanishing.rnn.json';
    await workbench.openFile(file);
    await workbench.runCommand('Unroll: Open Preview to the Side');
    const frame = await previewFrame(workbench, specFacts(join(workspace.dir, file)).name);
    mkdirSync(OUT, { recursive: true });
    for (const [id, label] of Object.entries(CAPTURED_THEMES)) {
      await workbench.setColorTheme(label);
      await page.waitForTimeout(1500); // the webview gets its new variables a moment after the workbench
      const theme = await frame.evaluate(() => {
        const style = document.documentElement.getAttribute('style') ?? '';
        const vars = {};
        for (const match of style.matchAll(/--vscode-([\w.-]+):\s*([^;]+);/g)) vars[match[1]] = match[2].trim();
        // Light High Contrast has two classes (vscode-high-contrast and vscode-high-contrast-light).
        const bodyClass = [...document.body.classList].filter((c) => c.startsWith('vscode-') && c !== 'vscode-reduce-motion').join(' ');
        return { bodyClass, vars };
      });
      const fonts = ['font-family', 'font-size', 'font-weight', 'editor-font-family', 'editor-font-size', 'editor-font-weight'];
      for (const key of fonts) delete theme.vars[key];
      writeFileSync(join(OUT, `${id}.json`), `${JSON.stringify({ label, ...theme }, null, 2)}\n`);
      console.log(`${id}: ${theme.bodyClass}, ${Object.keys(theme.vars).length} variables`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    workspace.remove();
  }
}

await capture();
