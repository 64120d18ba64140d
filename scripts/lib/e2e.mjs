// Fixtures for end-to-end tests (test/e2e/*.e2e.mjs, run by scripts/test-e2e.mjs): one code-server and one
// Chromium for the whole run, and per test file a fresh workspace folder and a fresh browser context (own
// storage) on the workbench, with this project loaded from source as an Extension Development Host.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, startBrowser } from './browser.mjs';
import { OUTPUT_DIR, PROJECT_ROOT, startCodeServer } from './code-server.mjs';
import { Workbench } from './workbench.mjs';
import { makeWorkspace } from './workspace.mjs';

const CONSOLE_LOG = join(OUTPUT_DIR, 'e2e-console.log');

/** @type {Promise<Awaited<ReturnType<typeof startCodeServer>>> | undefined} */
let sharedServer;

/** The run's code-server, started on first use. Each window chooses its own folder with ?folder=. */
export function sharedCodeServer() {
  if (!sharedServer) {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(CONSOLE_LOG, ''); // the browsers' consoles, this run only
    sharedServer = startCodeServer({ workspace: PROJECT_ROOT, name: 'code-server-e2e' });
  }
  return sharedServer;
}

/** @type {Promise<import('playwright-core').Browser> | undefined} */
let sharedChromium;

/** The run's Chromium, started on first use; each test file gets its own context in it. */
export function sharedBrowser() {
  sharedChromium ??= startBrowser();
  return sharedChromium;
}

/** Stops the run's code-server and its Chromium (whichever were started). */
export async function stopSharedCodeServer() {
  const browser = await sharedChromium?.catch(() => undefined);
  sharedChromium = undefined;
  await browser?.close().catch(() => {});
  const server = await sharedServer?.catch(() => undefined);
  sharedServer = undefined;
  await server?.stop();
}

/**
 * Registers mocha hooks that give the enclosing `describe` a workbench on a fresh copy of the
 * examples. Read the fields inside tests (they are set in `before`).
 *
 *   const session = useWorkbench();
 *   it('...', async () => { await session.workbench.openFile('x.rnn.json'); });
 *
 * On a failed test, a screenshot named after it is saved under test-output/screenshots/failures/.
 * `settings` go into the workspace's .vscode/settings.json, so they hold for this window only (a user setting
 * would outlive it: the server's user-data-dir is shared by the whole run). `colorTheme` (a label of the theme
 * picker, e.g. "Dark Modern") is chosen with "Preferences: Color Theme" once the workbench is up: code-server
 * ignores a workspace's workbench.colorTheme at startup, but the picker then writes to the workspace's settings
 * (seeded here with a theme so it does not write to the shared user settings).
 * `extensionDevelopmentPath`: the extension to load instead of this project (the web layer's browser-only copy).
 * @param {{viewport?: {width: number, height: number}, settings?: Record<string, unknown>, colorTheme?: string, emptyWorkspace?: boolean, restricted?: boolean,
 *          extensionDevelopmentPath?: () => string}} [options]
 * @returns {{workbench: Workbench, page: import('playwright-core').Page, workspace: ReturnType<typeof makeWorkspace>,
 *            server: Awaited<ReturnType<typeof startCodeServer>>}}
 */
export function useWorkbench({ viewport, settings, colorTheme, emptyWorkspace = false, restricted = false, extensionDevelopmentPath } = {}) {
  if (colorTheme) settings = { 'workbench.colorTheme': 'Default Light Modern', ...settings };
  const session = /** @type {any} */ ({});
  /** @type {{page: import('playwright-core').Page, close(): Promise<void>} | undefined} */
  let browser;

  before(async function () {
    this.timeout(120_000);
    // Restricted Mode needs a server with workspace trust on: its own, stopped with the describe.
    session.server = restricted ? await startCodeServer({ workspace: PROJECT_ROOT, name: 'code-server-restricted', workspaceTrust: true }) : await sharedCodeServer();
    session.workspace = makeWorkspace({ prefix: 'unroll-e2e-', empty: emptyWorkspace });
    if (settings) {
      mkdirSync(join(session.workspace.dir, '.vscode'), { recursive: true });
      writeFileSync(join(session.workspace.dir, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
    }
    browser = await openPage(await sharedBrowser(), { viewport });
    session.page = browser.page;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const title = this.currentTest?.parent?.title ?? '';
    browser.page.on('console', (message) =>
      appendFileSync(CONSOLE_LOG, `[${title}] [${message.type()}] ${message.text().replace(/%c/g, '')}\n`),
    );
    const open = () =>
      Workbench.open(browser.page, { serverUrl: session.server.url, folder: session.workspace.dir, timeout: 45_000, extensionDevelopmentPath: extensionDevelopmentPath?.() });
    session.workbench = await open().catch(async (error) => {
      // A first window on a fresh server can miss its connection; a person would reload, and so do we (once).
      console.log(`      (the workbench did not come up: ${String(error.message).split('\n')[0]}; loading it again)`);
      return open();
    });
    if (colorTheme) await session.workbench.setColorTheme(colorTheme);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session.workbench) {
      const name = this.currentTest.fullTitle().replace(/[^\w.-]+/g, '-').slice(0, 120);
      await session.workbench.screenshot(join('failures', name)).catch(() => {});
    }
  });

  // A failed `before` hook (the describe's own setup, e.g. opening a preview) skips afterEach: picture it here.
  after(async function () {
    const failedHook = /** @type {any} */ (this.test?.parent)?._beforeAll?.find((hook) => hook.state === 'failed');
    if (failedHook && session.workbench) {
      const name = `${this.test?.parent?.title ?? ''} ${failedHook.title}`.replace(/[^\w.-]+/g, '-').slice(0, 120);
      await session.workbench.screenshot(join('failures', name)).catch(() => {});
    }
  });

  after(async () => {
    await browser?.close();
    if (restricted) await session.server?.stop();
    session.workspace?.remove();
  });

  return session;
}
