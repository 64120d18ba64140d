// The gallery (scripts/webview-gallery.mjs) and a Chromium page on it, for a views test file: mocha hooks that start
// both before the file's tests and stop them after, and the few moves every test makes (post as the host, read what
// the webview posted back, take a screenshot of the whole webview).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/protocol';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.UNROLL_CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags, Chromium floods the machine's closed network with refused connections.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Theme = 'light' | 'dark' | 'high-contrast';

export interface Gallery {
  page: Page;
  frame: Frame;
  /** uncaught errors and console errors of the page and the webview, over the whole file */
  errors: string[];
  post(message: HostToWebview): Promise<void>;
  sent<T extends WebviewToHost['type']>(type: T): Promise<Extract<WebviewToHost, { type: T }>[]>;
  waitSent(type: WebviewToHost['type'], count?: number): Promise<void>;
  clearLog(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  setWidth(px: number): Promise<void>;
  screenshot(name: string): Promise<void>;
  /** A picture of part of the webview: the smallest box around the elements the selectors find (a README picture). */
  screenshotOf(name: string, selectors: string[], prepare?: () => Promise<void>): Promise<void>;
}

/** The gallery's server on a free port, with the URL it says it serves on. */
export function startGallery(): Promise<{ url: string; process: ChildProcess }> {
  // --production: the webview as it is packaged (minified, Svelte without dev checks).
  const child = spawn(process.execPath, ['scripts/webview-gallery.mjs', '--production', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Unroll webview gallery: (http:\/\/\S+)/.exec(out);
      if (match) done({ url: match[1], process: child });
    });
    child.on('exit', (code) => fail(new Error(`the gallery exited with ${code}:\n${out}`)));
  });
}

/** Registers before/after hooks; read the gallery's fields inside the tests. */
export function useGallery(): Gallery {
  let server: { url: string; process: ChildProcess } | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  const g = { errors } as Gallery;
  const win = () => g.page;

  g.post = async (message) => {
    await win().evaluate((m) => (globalThis as any).gallery.post(m), message as unknown as Parameters<Page['evaluate']>[1]);
  };
  g.sent = (type) => win().evaluate((t) => (globalThis as any).gallery.log.filter((m: { type: string }) => m.type === t), type);
  g.waitSent = async (type, count = 1) => {
    await win().waitForFunction(([t, n]) => (globalThis as any).gallery.log.filter((m: { type: string }) => m.type === t).length >= n, [type, count] as const);
  };
  g.clearLog = async () => {
    await win().evaluate(() => ((globalThis as any).gallery.log.length = 0));
  };
  g.setTheme = async (theme) => {
    await win().evaluate((t) => (globalThis as any).gallery.setTheme(t), theme);
    await g.frame.waitForFunction((t) => (globalThis as any).document.body.className === (t === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${t}`), theme);
  };
  g.setWidth = async (px) => {
    await win().evaluate((w) => ((globalThis as any).gallery.frame.style.flex = `0 0 ${w}px`), px);
    await win().waitForTimeout(150);
  };
  g.screenshot = async (name) => {
    mkdirSync(SHOTS, { recursive: true });
    // The whole webview, not just the iframe's viewport: size the iframe to its content first.
    await win().evaluate(() => {
      const gallery = (globalThis as any).gallery;
      gallery.frame.style.height = `${gallery.frame.contentDocument.documentElement.scrollHeight}px`;
    });
    await win().waitForTimeout(250);
    await (await win().$('#webview'))!.screenshot({ path: join(SHOTS, `webview-${name}.png`) });
    await win().evaluate(() => ((globalThis as any).gallery.frame.style.height = ''));
  };
  g.screenshotOf = async (name, selectors, prepare) => {
    mkdirSync(SHOTS, { recursive: true });
    // As in screenshot(): the iframe as tall as its content, so nothing is cut at the bottom of its viewport.
    await win().evaluate(() => {
      const gallery = (globalThis as any).gallery;
      gallery.frame.style.height = `${gallery.frame.contentDocument.documentElement.scrollHeight}px`;
    });
    await win().waitForTimeout(250);
    await prepare?.();
    // Boxes are in the viewport; a full-page clip is in the page: add how far the page has scrolled.
    const scroll = await win().evaluate(() => ({ x: (globalThis as any).scrollX as number, y: (globalThis as any).scrollY as number }));
    const boxes = [];
    for (const selector of selectors) {
      const box = await g.frame.locator(selector).first().boundingBox();
      if (!box) throw new Error(`${selector} is not on screen`);
      boxes.push({ ...box, x: box.x + scroll.x, y: box.y + scroll.y });
    }
    const margin = 8;
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
    const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
    await win().screenshot({ path: join(SHOTS, `webview-${name}.png`), fullPage: true, clip: { x, y, width: right - x, height: bottom - y } });
    await win().evaluate(() => ((globalThis as any).gallery.frame.style.height = ''));
  };

  before(async function () {
    this.timeout(240_000);
    server = await startGallery();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    g.page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    g.page.on('pageerror', (e) => errors.push(e.message));
    g.page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await g.page.goto(`${server.url}?auto=0&theme=dark`);
    await g.setWidth(1000);
    g.frame = g.page.frame({ url: /webview\.html/ })!;
    await g.frame.waitForSelector('main');
  });

  after(async () => {
    await browser?.close();
    server?.process.kill();
  });

  return g;
}
