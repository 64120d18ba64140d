// Fixtures for end-to-end tests (test/e2e/*.e2e.mjs, run by scripts/test-e2e.mjs): one code-server for
// the whole run, and per test file a fresh workspace folder and a fresh browser on the workbench, with
// this project loaded from source as an Extension Development Host.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
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

export async function stopSharedCodeServer() {
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
 * @param {{viewport?: {width: number, height: number}}} [options]
 * @returns {{workbench: Workbench, page: import('playwright-core').Page, workspace: ReturnType<typeof makeWorkspace>,
 *            server: Awaited<ReturnType<typeof startCodeServer>>}}
 */
export function useWorkbench({ viewport } = {}) {
  const session = /** @type {any} */ ({});
  let browser;

  before(async function () {
    this.timeout(120_000);
    session.server = await sharedCodeServer();
    session.workspace = makeWorkspace({ prefix: 'unroll-e2e-' });
    browser = await launchBrowser({ viewport });
    session.page = browser.page;
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const title = this.currentTest?.parent?.title ?? '';
    browser.page.on('console', (message) =>
      appendFileSync(CONSOLE_LOG, `[${title}] [${message.type()}] ${message.text().replace(/%c/g, '')}\n`),
    );
    session.workbench = await Workbench.open(browser.page, { serverUrl: session.server.url, folder: session.workspace.dir });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session.workbench) {
      const name = this.currentTest.fullTitle().replace(/[^\w.-]+/g, '-').slice(0, 120);
      await session.workbench.screenshot(join('failures', name)).catch(() => {});
    }
  });

  after(async () => {
    await browser?.close();
    session.workspace?.remove();
  });

  return session;
}
