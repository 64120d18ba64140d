// Debian's Chromium driven by playwright-core. Never `npx playwright install`: it downloads a browser
// and fails on these machines.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.UNROLL_CHROMIUM ?? '/usr/bin/chromium';

// Without the networking flags, Chromium floods the machine's closed network with refused connections.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * code-server registers a service worker of its own (only to be installable as an app) with scope `/`
 * and `clients.claim()`; it then races VS Code's webview service worker for control of each webview
 * frame, and when it wins the webview waits for a `controllerchange` that never comes and stays
 * blank ("Found unexpected service worker controller" in the console). Refusing that one
 * registration, in every frame before any script runs, leaves webviews to VS Code's own worker.
 * code-server catches the refusal and logs "[Service Worker] registration".
 */
function refuseCodeServerServiceWorker() {
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (url, options) {
    if (String(url).includes('/_static/out/browser/serviceWorker.js')) {
      return Promise.reject(new Error("code-server's service worker is disabled in tests"));
    }
    return register.call(this, url, options);
  };
}

/**
 * @param {{headless?: boolean, viewport?: {width: number, height: number}, codeServerServiceWorker?: boolean}} [options]
 * @returns {Promise<{browser: import('playwright-core').Browser, context: import('playwright-core').BrowserContext,
 *          page: import('playwright-core').Page, close(): Promise<void>}>}
 */
export async function launchBrowser({ headless, viewport, codeServerServiceWorker } = {}) {
  const browser = await startBrowser({ headless });
  const { context, page } = await openPage(browser, { viewport, codeServerServiceWorker });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
  };
  return { browser, context, page, close };
}

/** Debian's Chromium, with no context yet (several tests can share it, each with its own context). */
export async function startBrowser({ headless = process.env.UNROLL_HEADFUL !== '1' } = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless, args: CHROMIUM_ARGS });
}

/**
 * A fresh context (own storage, own viewport) and a page in it, on a running browser.
 * @param {import('playwright-core').Browser} browser
 * @param {{viewport?: {width: number, height: number}, codeServerServiceWorker?: boolean}} [options]
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close(): Promise<void>}>}
 */
export async function openPage(browser, { viewport = { width: 1600, height: 1000 }, codeServerServiceWorker = false } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  if (!codeServerServiceWorker) await context.addInitScript(refuseCodeServerServiceWorker);
  const page = await context.newPage();
  return { context, page, close: () => context.close().catch(() => {}) };
}

/**
 * Forwards the page's console to a callback (stdout by default), prefixed, one line per message.
 * @param {import('playwright-core').Page} page
 * @param {{prefix?: string, write?: (line: string) => void,
 *          filter?: (text: string, message?: import('playwright-core').ConsoleMessage) => boolean}} [options]
 */
export function forwardConsole(page, { prefix = '[page] ', write = (line) => console.log(line), filter = () => true } = {}) {
  page.on('console', (message) => {
    const text = message.text();
    if (filter(text, message)) write(`${prefix}${text}`);
  });
  page.on('pageerror', (error) => {
    if (filter(error.message)) write(`${prefix}page error: ${error.message}`);
  });
}

/**
 * Finds the first frame (webviews are nested iframes) that contains `selector`, polling until timeout.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function findFrameWith(page, selector, { timeout = 30_000, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // frame navigated or detached while we looked
      }
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`no frame contains ${selector} after ${timeout / 1000} s`);
}

/** Saves a screenshot, creating its folder. Full page by default, so side-by-side editors are in it. */
export async function screenshot(page, path, { fullPage = true } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
  return path;
}
