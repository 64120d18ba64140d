// Driving code-server's workbench (VS Code in a browser page) the way a person does: the command
// palette, Quick Open, the editor, webviews. Used by the integration runner and the e2e tests.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findFrameWith, screenshot } from './browser.mjs';
import { EXTENSION_ROOT, OUTPUT_DIR } from './code-server.mjs';

export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * The workbench URL for a folder, optionally as an Extension Development Host (extensionDevelopmentPath)
 * that also runs a test suite (extensionTestsPath), both paths on the server's disk.
 * @param {{serverUrl: string, folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string}} options
 */
export function workbenchUrl({ serverUrl, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const origin = new URL(serverUrl);
  const remote = (path) => `vscode-remote://${origin.host}${path}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const url = new URL(origin);
  url.searchParams.set('folder', folder);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /**
   * Opens the workbench on `folder` with this project loaded from source, and waits until it is up.
   * @param {import('playwright-core').Page} page
   * @param {{serverUrl: string, folder: string, extensionDevelopmentPath?: string | false, timeout?: number}} options
   */
  static async open(page, { serverUrl, folder, extensionDevelopmentPath = EXTENSION_ROOT, timeout = 60_000 }) {
    const url = workbenchUrl({ serverUrl, folder, extensionDevelopmentPath: extensionDevelopmentPath || undefined });
    await page.goto(url);
    const workbench = new Workbench(page);
    await workbench.waitReady({ timeout });
    return workbench;
  }

  async waitReady({ timeout = 60_000 } = {}) {
    await this.page.waitForSelector('.monaco-workbench', { timeout });
    // The explorer shows the folder once the remote connection is up and the workspace is read.
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
  }

  // ── quick input ────────────────────────────────────────────────────────────────────────────────

  /** Opens the command palette (F1) and types `text` after the `>` prefix. */
  async openPalette(text = '') {
    await this.dismissQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${text}`);
    return input;
  }

  /**
   * Runs a command from the palette by its full label ("Unroll: Open Preview to the Side"): picks the
   * row whose label is exactly that, not merely the first match ("Open Preview" also matches
   * "Open Preview to the Side").
   */
  async runCommand(label, { timeout = 10_000 } = {}) {
    await this.#pickCommand(label, timeout);
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout });
  }

  /** Picks a command in the palette without waiting for the palette to close (for commands that ask more). */
  async #pickCommand(label, timeout) {
    // The palette lists the commands whose `when` held as it opened; a context key that is set a moment
    // later (resourceFilename after an editor opens) needs the palette opened again.
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.openPalette(label);
      const wait = Math.min(2_000, Math.max(0, deadline - Date.now()));
      try {
        const row = await this.#waitForRow((rowLabel) => rowLabel === label, wait, `command "${label}"`);
        await row.click();
        break;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
      }
    }
  }

  /**
   * What Enter would run after typing `text` into a fresh palette: the label of the focused row (the first one),
   * once the list has settled. The palette is closed again without running anything.
   */
  async paletteChoice(text, { settleMs = 1200, timeout = 6000 } = {}) {
    await this.openPalette(text);
    // The list fills in stages (commands, then "similar commands"): wait until the focused row has not changed
    // for `settleMs`.
    const deadline = Date.now() + timeout;
    let focused;
    let since = Date.now();
    while (Date.now() < deadline) {
      await this.page.waitForTimeout(100);
      const now = await this.page
        .$eval(`${QUICK_INPUT_ROW}.focused .label-name`, (row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim())
        .catch(() => undefined);
      if (now !== focused) {
        focused = now;
        since = Date.now();
      } else if (focused !== undefined && Date.now() - since >= settleMs) break;
    }
    await this.dismissQuickInput();
    return focused;
  }

  /** "Clear Command History", confirmed: the palette then orders commands as for someone who never ran one. */
  async clearCommandHistory() {
    await this.#pickCommand('Clear Command History', 10_000);
    const confirm = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Clear$/ });
    await confirm.first().click({ timeout: 5_000 }).catch(() => {});
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    await this.dismissQuickInput();
  }

  /** Types `text` into the palette and presses Enter, as a person does (no clicking on a row). */
  async runTyped(text, { timeout = 10_000 } = {}) {
    await this.openPalette(text);
    await this.page.waitForTimeout(400);
    await this.page.keyboard.press('Enter');
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout });
  }

  /** Reloads the window ("Developer: Reload Window" does the same) and waits for the workbench. */
  async reload({ timeout = 60_000 } = {}) {
    // As a person does it, with "Developer: Reload Window": the workbench saves its state (open editors, webview
    // states) before it goes. A bare browser reload does not wait for that save, and the window then comes back as
    // it was at the last periodic save, with whatever was open a minute earlier.
    const main = this.page.mainFrame();
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (frame) => frame === main, timeout });
    await this.#pickCommand('Developer: Reload Window', 10_000);
    await navigated;
    await this.waitReady({ timeout });
  }

  /** The label of the active tab of each editor group. */
  async activeTabs() {
    return this.page.$$eval('.editor-group-container .tabs-container .tab.active', (tabs) => tabs.map((tab) => (tab.getAttribute('aria-label') ?? tab.textContent ?? '').trim()));
  }

  /** Labels of the commands the palette offers for `text` (e.g. to check a command is hidden). */
  async paletteLabels(text) {
    await this.openPalette(text);
    await this.page.waitForTimeout(300);
    const labels = await this.#rowLabels();
    await this.dismissQuickInput();
    return labels;
  }

  /** Quick Open: finds a workspace file by name and opens it in the active editor group. */
  async openFile(fileName, { timeout = 15_000 } = {}) {
    await this.openPalette();
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.fill(fileName);
    const row = await this.#waitForRow((rowLabel) => rowLabel === fileName, timeout, `file "${fileName}"`);
    await row.click();
    await this.waitForEditorTab(fileName, { timeout });
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout });
  }

  async dismissQuickInput() {
    if (await this.page.locator(QUICK_INPUT).isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    }
  }

  async #rowLabels() {
    return this.page.$$eval(QUICK_INPUT_ROW, (rows) =>
      rows.map((row) => (row.querySelector('.label-name')?.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
  }

  async #waitForRow(matches, timeout, what) {
    const deadline = Date.now() + timeout;
    let labels;
    do {
      labels = await this.#rowLabels();
      const index = labels.findIndex(matches);
      if (index >= 0) return this.page.locator(QUICK_INPUT_ROW).nth(index);
      await this.page.waitForTimeout(150);
    } while (Date.now() < deadline);
    throw new Error(`the quick input never offered ${what}; it showed: ${JSON.stringify(labels)}`);
  }

  // ── editors ────────────────────────────────────────────────────────────────────────────────────

  /** Tab labels of every editor group, left to right. */
  async editorTabs() {
    return this.page.$$eval('.tabs-container .tab', (tabs) =>
      tabs.map((tab) => ({
        label: (tab.getAttribute('aria-label') ?? tab.textContent ?? '').trim(),
        active: tab.classList.contains('active'),
      })),
    );
  }

  async waitForEditorTab(label, { timeout = 15_000 } = {}) {
    await this.page
      .locator('.tabs-container .tab', { hasText: label })
      .first()
      .waitFor({ state: 'visible', timeout });
  }

  /** Number of editor groups side by side. */
  async editorGroupCount() {
    return this.page.locator('.part.editor .editor-group-container').count();
  }

  /** The text of the active editor's visible lines (monaco renders only what is on screen). */
  async activeEditorText() {
    return this.page.evaluate(() => {
      const lines = [...document.querySelectorAll('.editor-group-container.active .view-lines .view-line')];
      // monaco renders spaces as non-breaking spaces
      return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /**
   * The active text editor's selection as the status bar tells it ("Ln 23, Col 30 (3 selected)"): line and column
   * (1-based) of the cursor, and how many characters are selected. Undefined while no text editor is active.
   */
  async editorSelection() {
    const text = await this.page
      .locator('[id="status.editor.selection"]')
      .first()
      .textContent({ timeout: 2_000 })
      .catch(() => undefined);
    const match = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text ?? '');
    return match ? { line: Number(match[1]), column: Number(match[2]), selected: Number(match[3] ?? 0) } : undefined;
  }

  /** Focuses the active text editor. */
  async focusEditor() {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  }

  /** Moves the cursor to a line (1-based) and column with "Go to Line" (Ctrl+G syntax `line:column`). */
  async goToLine(line, column = 1) {
    await this.openPalette();
    await this.page.locator(QUICK_INPUT_BOX).fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  }

  /** Types into the focused editor as keystrokes (auto-closing brackets and quotes apply, as for a person). */
  async typeInEditor(text, { delay = 0 } = {}) {
    await this.page.keyboard.type(text, { delay });
  }

  /** Replaces the whole active document: select all, then insert the text in one go (no auto-closing). */
  async replaceEditorText(text) {
    await this.focusEditor();
    await this.page.keyboard.press(`${MOD}+A`);
    await this.page.keyboard.insertText(text);
  }

  async save() {
    await this.page.keyboard.press(`${MOD}+S`);
  }

  async undo() {
    await this.page.keyboard.press(`${MOD}+Z`);
  }

  /** Focuses the text editor of a file by clicking its tab (after a click in a webview, the webview has focus). */
  async focusFileEditor(fileName, { timeout = 10_000 } = {}) {
    await this.page.locator('.tabs-container .tab', { hasText: fileName }).first().click({ timeout });
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout });
  }

  /** Selects `length` characters from line:column (1-based) in the active editor: Go to Line, then Shift+→. */
  async selectInEditor(line, column, length) {
    await this.goToLine(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
  }

  /** "View: Close All Editors", previews included; waits until no tab is left. */
  async closeAllEditors({ timeout = 10_000, attempts = 3 } = {}) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.runCommand('View: Close All Editors', { timeout });
        await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout });
        return;
      } catch (error) {
        // Say what stood in the way (a dialog, a toast) before trying again, so a flaky close is visible.
        if (attempt >= attempts) throw error;
        const shown = await this.messagesShown().catch(() => '');
        console.log(`      (closing all editors, attempt ${attempt}: ${String(error.message).split('\n')[0]}${shown ? `; shown: ${shown}` : ''}; again)`);
        await this.page.keyboard.press('Escape').catch(() => {});
      }
    }
  }

  // ── webviews, themes, notifications ───────────────────────────────────────────────────────────

  /** The webview's inner frame that contains `selector` (webviews are an iframe holding an iframe). */
  async webviewFrame(selector, { timeout = 30_000 } = {}) {
    try {
      return await findFrameWith(this.page, selector, { timeout });
    } catch (error) {
      const shown = [await this.messagesShown(), ...(await this.webviewTexts()).map((text) => `webview "${text.slice(0, 200)}"`)];
      const seen = shown.filter(Boolean).join('; ');
      throw seen ? new Error(`${error.message}; the workbench shows: ${seen}`) : error;
    }
  }

  /** The visible text of every webview's content frame (for failure messages and quick checks). */
  async webviewTexts() {
    const texts = [];
    for (const frame of this.page.frames()) {
      // The content frame is the inner iframe of a webview: pre/fake.html, written by the webview host.
      if (frame.isDetached() || !frame.url().includes('/webview/browser/pre/fake.html')) continue;
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (text.trim()) texts.push(text.replace(/\s+/g, ' ').trim());
    }
    return texts;
  }

  /** Text of an open modal dialog and of the notification toasts, for failure messages ('' if none). */
  async messagesShown() {
    const dialog = await this.page
      .$$eval('.monaco-dialog-box', (boxes) => boxes.map((box) => box.textContent?.replace(/\s+/g, ' ').trim()))
      .catch(() => []);
    const toasts = await this.notifications().catch(() => []);
    return [...dialog.map((text) => `dialog "${text}"`), ...toasts.map((text) => `notification "${text}"`)].join('; ');
  }

  /**
   * Switches the color theme through the palette ("Preferences: Color Theme"), e.g. "Light Modern".
   * Right after the workbench opens, the picker can list only "Browse Additional Color Themes…" (the
   * built-in themes are registered when the extension host has read them). Re-typing the filter re-filters
   * a list that has grown; a picker that still lacks the theme is closed and opened again.
   */
  async setColorTheme(themeLabel, { timeout = 10_000, attempts = 3 } = {}) {
    const box = this.page.locator(QUICK_INPUT_BOX);
    const matches = (rowLabel) => rowLabel === themeLabel;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#pickCommand('Preferences: Color Theme', timeout);
        // The theme picker replaces the palette in the same widget: wait until the `>` prefix is gone.
        await this.page.waitForFunction(
          (selector) => {
            const input = /** @type {HTMLInputElement | null} */ (document.querySelector(selector));
            return input !== null && !input.value.startsWith('>');
          },
          QUICK_INPUT_BOX,
          { timeout },
        );
        let row;
        for (let filter = 1; !row; filter++) {
          await box.fill('');
          await box.fill(themeLabel);
          try {
            row = await this.#waitForRow(matches, timeout / 3, `theme "${themeLabel}"`);
          } catch (error) {
            if (filter >= 3) throw error;
          }
        }
        await row.click();
        await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        console.log(`      (choosing the theme "${themeLabel}", attempt ${attempt}: ${String(error.message).split('\n')[0]}; again)`);
        await this.dismissQuickInput().catch(() => {});
      }
    }
  }

  /** 'vs' | 'vs-dark' | 'hc-black' | 'hc-light', from the workbench's body class. */
  async themeKind() {
    return this.page.evaluate(() => {
      const classes = document.querySelector('.monaco-workbench')?.classList ?? new DOMTokenList();
      return ['hc-light', 'hc-black', 'vs-dark', 'vs'].find((kind) => classes.contains(kind));
    });
  }

  /** Messages of the notification toasts currently shown. */
  async notifications() {
    return this.page.$$eval('.notification-toast .notification-list-item-message', (items) =>
      items.map((item) => item.textContent?.trim() ?? ''),
    );
  }

  async clearNotifications() {
    await this.page.evaluate(() => {
      for (const button of document.querySelectorAll('.notification-toast .codicon-notifications-clear')) {
        /** @type {HTMLElement} */ (button).click();
      }
    });
  }

  /** Saves a full-page screenshot under test-output/screenshots/ (`name` without extension). */
  async screenshot(name) {
    return screenshot(this.page, join(SCREENSHOT_DIR, `${name}.png`));
  }

  /** Saves a screenshot of the editor area only (the editors and previews side by side, no side bar). */
  async screenshotEditors(name) {
    const clip = await this.page.locator('.part.editor').boundingBox();
    if (!clip) throw new Error('the editor area is not on screen');
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path, clip });
    return path;
  }
}
