// The Web Worker transport, driven by the same client as in the host, against a stand-in for the browser's Worker:
// Node has Blob URLs but no Web Workers. The stand-in reads the Blob URL it is given (so the script that reached
// the "worker" is checked byte for byte) and serves jobs in-process through the worker's own side (webWorkerPort).
// That a real Web Worker starts this way in a browser-hosted VS Code is the `web` test layer's job.
import * as assert from 'node:assert/strict';
import { resolveObjectURL } from 'node:buffer';
import { WorkerClient } from '../../../src/worker/client';
import { serveJobs } from '../../../src/worker/serve';
import { webWorkerPort, webWorkerTransport, type WebWorkerScope, type WebWorkerSource } from '../../../src/worker/webTransport';
import type { TestJobs } from './testJobs';

type Listener = (event: { data?: unknown; message?: string }) => void;

const SCRIPT = 'self.onmessage = () => {}; // the worker bundle would be here';

/** A Worker as a browser's web worker extension host has it, minus the thread. */
class StandInWorker {
  static made: { url: string; script?: string }[] = [];
  static refuse?: (url: string) => boolean;
  private readonly toHost = new Map<string, Listener[]>();
  private readonly toWorker: ((event: { data: unknown }) => void)[] = [];
  terminated = false;

  constructor(url: string) {
    if (StandInWorker.refuse?.(url)) throw new Error('Creating workers from remote extensions is currently not supported');
    const made: { url: string; script?: string } = { url };
    StandInWorker.made.push(made);
    void resolveObjectURL(url)?.text().then((text) => (made.script = text));
    const scope: WebWorkerScope = {
      postMessage: (data) => void setTimeout(() => this.emit('message', { data: structuredClone(data) })),
      addEventListener: (_type, listener) => void this.toWorker.push(listener),
    };
    serveJobs<TestJobs>(webWorkerPort(scope), {
      echo: (input) => input,
      mirror: (input) => input,
      slowEcho: (input) => input.value,
      fail: (input) => {
        throw new Error(input.message);
      },
      count: (input, context) => {
        for (let i = 1; i <= input.to; i++) context.progress(i);
        return input.to;
      },
      spin: () => 'never asked',
      crash: () => {
        setTimeout(() => this.emit('error', { message: 'Uncaught Error: the worker crashed' }));
        return new Promise<never>(() => {});
      },
      threadId: () => StandInWorker.made.indexOf(made),
    });
  }

  postMessage(data: unknown): void {
    if (this.terminated) return;
    const copy = structuredClone(data);
    setTimeout(() => this.toWorker.forEach((listener) => listener({ data: copy })));
  }

  terminate(): void {
    this.terminated = true;
  }

  addEventListener(type: string, listener: Listener): void {
    this.toHost.set(type, [...(this.toHost.get(type) ?? []), listener]);
  }

  private emit(type: string, event: { data?: unknown; message?: string }): void {
    if (!this.terminated) this.toHost.get(type)?.forEach((listener) => listener(event));
  }
}

describe('web worker transport', () => {
  const globals = globalThis as { Worker?: unknown };
  let clients: WorkerClient<TestJobs>[] = [];
  let reads = 0;
  const source = (overrides: Partial<WebWorkerSource> = {}): WebWorkerSource => ({
    read: () => {
      reads++;
      return Promise.resolve(new TextEncoder().encode(SCRIPT));
    },
    ...overrides,
  });
  const make = (s: WebWorkerSource, maxWorkers = 1) => {
    const c = new WorkerClient<TestJobs>(webWorkerTransport(s), { name: 'the web worker', maxWorkers, warmWorkers: maxWorkers });
    clients.push(c);
    return c;
  };

  beforeEach(() => {
    globals.Worker = StandInWorker;
    StandInWorker.made = [];
    StandInWorker.refuse = undefined;
    reads = 0;
  });
  afterEach(() => {
    for (const c of clients) c.dispose();
    clients = [];
    delete globals.Worker;
  });

  it('starts the worker from a Blob URL of the script it read, and answers a request sent before it started', async () => {
    const outcome = await make(source()).request('echo', { text: 'w2', numbers: [2, NaN, -Infinity] });
    assert.deepEqual(outcome, { status: 'ok', value: { text: 'w2', numbers: [2, NaN, -Infinity] } });
    assert.equal(StandInWorker.made.length, 1);
    assert.match(StandInWorker.made[0].url, /^blob:/);
    assert.equal(StandInWorker.made[0].script, SCRIPT);
  });

  it('reads the script once for every worker it starts', async () => {
    const c = make(source(), 2);
    const [a, b] = await Promise.all([c.request('slowEcho', { value: 'a', ms: 0 }), c.request('slowEcho', { value: 'b', ms: 0 })]);
    assert.deepEqual([a.status, b.status], ['ok', 'ok']);
    assert.equal(reads, 1);
  });

  it('takes the direct URL where a Worker may be made from it, and the Blob URL where that throws', async () => {
    await make(source({ directUrl: 'https://same-origin.test/dist/web/worker.js' })).request('echo', { text: '', numbers: [] });
    assert.equal(StandInWorker.made[0].url, 'https://same-origin.test/dist/web/worker.js');
    assert.equal(reads, 0);

    StandInWorker.refuse = (url) => !url.startsWith('blob:');
    const outcome = await make(source({ directUrl: 'vscode-remote-resource://elsewhere/worker.js' })).request('echo', { text: 'x', numbers: [] });
    assert.equal(outcome.status, 'ok');
    assert.match(StandInWorker.made[1].url, /^blob:/);
  });

  it('carries progress and failures, and a crashed worker fails its job and is replaced', async () => {
    const c = make(source());
    const seen: number[] = [];
    assert.deepEqual(await c.request('count', { to: 3, everyMs: 0 }, { onProgress: (n) => seen.push(n) }), { status: 'ok', value: 3 });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(await c.request('fail', { message: 'no such weight' }), { status: 'failed', message: 'no such weight' });
    const crashed = await c.request('crash', {});
    assert.equal(crashed.status, 'failed');
    assert.match(crashed.status === 'failed' ? crashed.message : '', /crashed/);
    assert.deepEqual(await c.request('threadId', {}), { status: 'ok', value: 1 });
  });

  it('fails the job, with the reason, when the script cannot be read or no Worker exists', async () => {
    const unreadable = await make(source({ read: () => Promise.reject(new Error('EntryNotFound (FileSystemError)')) })).request('echo', { text: '', numbers: [] });
    assert.equal(unreadable.status, 'failed');
    assert.match(unreadable.status === 'failed' ? unreadable.message : '', /could not start: EntryNotFound/);
    delete globals.Worker;
    const none = await make(source()).request('echo', { text: '', numbers: [] });
    assert.match(none.status === 'failed' ? none.message : '', /cannot start Web Workers/);
  });
});
