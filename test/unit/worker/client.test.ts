// The one worker client, over real worker_threads: reply, failure, progress, cancel, timeout-and-replace,
// newest-wins for a key, a crashed worker, and a second worker while the first is busy.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { packTables } from '../../../src/numberTables';
import { WorkerClient, type WorkerClientOptions } from '../../../src/worker/client';
import { nodeWorkerTransport } from '../../../src/worker/nodeTransport';
import type { TestJobs } from './testJobs';

const WORKER = join(__dirname, 'testWorker.ts');

function client(options: Partial<WorkerClientOptions> = {}): WorkerClient<TestJobs> {
  return new WorkerClient<TestJobs>(nodeWorkerTransport(WORKER, { execArgv: ['--require', 'tsx/cjs'] }), { name: 'the test worker', ...options });
}

describe('worker client', function () {
  this.timeout(30_000);
  let clients: WorkerClient<TestJobs>[] = [];
  const make = (options?: Partial<WorkerClientOptions>) => {
    const c = client(options);
    clients.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of clients) c.dispose();
    clients = [];
  });

  it('answers a request with its reply, NaN and Infinity intact', async () => {
    const outcome = await make().request('echo', { text: 'w2', numbers: [2, NaN, -Infinity] });
    assert.deepEqual(outcome, { status: 'ok', value: { text: 'w2', numbers: [2, NaN, -Infinity] } });
  });

  it('carries a reply\'s large tables of numbers as bytes, and hands back rows of plain numbers', async () => {
    const table = Array.from({ length: 200 }, (_, t) => Array.from({ length: 64 }, (_, u) => Math.cos(t * 64 + u) * 10 ** (u - 32)));
    table[7][3] = NaN;
    table[9][0] = -Infinity;
    const value = { model: { dLdh: table, hidden: [table, table], gradNorm: [1, 2] }, weights: new Float64Array([1, 2, 3]), names: new Map([['w2', 2]]) };
    const packed = packTables(value);
    assert.equal(packed.numbers?.length, 3 * 200 * 64, 'the three tables went as bytes');
    const outcome = await make().request('mirror', value);
    assert.deepEqual(outcome, { status: 'ok', value }, 'every number, NaN and −∞ included; a typed array and a Map as they were');
    assert.ok(outcome.status === 'ok' && Array.isArray((outcome.value as typeof value).model.dLdh[0]));
  });

  it('turns an exception in the job into a failure, and the worker keeps serving', async () => {
    const c = make();
    assert.deepEqual(await c.request('fail', { message: 'no such weight' }), { status: 'failed', message: 'no such weight' });
    assert.equal((await c.request('echo', { text: 'after', numbers: [] })).status, 'ok');
    assert.equal(c.started, 1);
  });

  it('reports progress as the job runs', async () => {
    const seen: number[] = [];
    const outcome = await make().request('count', { to: 5, everyMs: 1 }, { onProgress: (n) => seen.push(n) });
    assert.deepEqual(outcome, { status: 'ok', value: 5 });
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  });

  it('cancels a running job that looks up, with what it reached', async () => {
    const controller = new AbortController();
    const c = make();
    const counting = c.request('count', { to: 10_000, everyMs: 2 }, { signal: controller.signal, onProgress: (n) => n === 5 && controller.abort() });
    const outcome = await counting;
    assert.equal(outcome.status, 'cancelled');
    assert.ok(outcome.status === 'cancelled' && typeof outcome.partial === 'number' && outcome.partial >= 5 && outcome.partial < 100, JSON.stringify(outcome));
    assert.equal(c.started, 1, 'a job that stopped by itself keeps its worker');
  });

  it('stops the worker of a cancelled job that does not look up, and a new one serves the next request', async () => {
    const controller = new AbortController();
    const c = make({ cancelGraceMs: 200 });
    const spinning = c.request('spin', { ms: 60_000 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    controller.abort();
    assert.deepEqual(await spinning, { status: 'cancelled' });
    assert.ok(Date.now() - started < 2_000);
    assert.equal((await c.request('echo', { text: 'alive', numbers: [] })).status, 'ok');
    assert.equal(c.started, 2);
  });

  it('replaces a worker that stays silent past the timeout, and the next request is answered', async () => {
    const c = make({ timeoutMs: 400 });
    // A started worker first: under load, starting one can take longer than the timeout itself.
    assert.equal((await c.request('echo', { text: 'warm', numbers: [] }, { timeoutMs: 30_000 })).status, 'ok');
    const outcome = await c.request('spin', { ms: 60_000 });
    assert.equal(outcome.status, 'timeout');
    assert.match(outcome.status === 'timeout' ? outcome.message : '', /did not answer "spin" within 0.4 s/);
    assert.equal((await c.request('echo', { text: 'again', numbers: [1] }, { timeoutMs: 30_000 })).status, 'ok');
    assert.equal(c.started, 2);
  });

  it('counts progress as a sign of life: a long job that reports is not timed out', async () => {
    const c = make({ timeoutMs: 1500 });
    assert.equal((await c.request('echo', { text: 'warm', numbers: [] }, { timeoutMs: 30_000 })).status, 'ok');
    // 40 reports 100 ms apart: 4 s in all, far past the 1.5 s of silence allowed.
    const outcome = await c.request('count', { to: 40, everyMs: 100 });
    assert.deepEqual(outcome, { status: 'ok', value: 40 });
  });

  it('newest wins for a key: the first runs, the waiting ones collapse into the last', async () => {
    const c = make({ maxWorkers: 1 });
    const first = c.request('slowEcho', { value: 'v1', ms: 150 }, { key: 'preview' });
    const second = c.request('slowEcho', { value: 'v2', ms: 1 }, { key: 'preview' });
    const third = c.request('slowEcho', { value: 'v3', ms: 1 }, { key: 'preview' });
    assert.deepEqual(await Promise.all([first, second, third]), [{ status: 'ok', value: 'v1' }, { status: 'superseded' }, { status: 'ok', value: 'v3' }]);
  });

  it('keeps different keys apart: one key\'s waiting request does not supersede another\'s', async () => {
    const c = make({ maxWorkers: 1 });
    const a = c.request('slowEcho', { value: 'a', ms: 100 }, { key: 'a' });
    const b = c.request('slowEcho', { value: 'b', ms: 1 }, { key: 'b' });
    assert.deepEqual(await Promise.all([a, b]), [{ status: 'ok', value: 'a' }, { status: 'ok', value: 'b' }]);
  });

  it('runs a second request on a second worker while the first is busy', async () => {
    const c = make({ maxWorkers: 2 });
    const slow = c.request('slowEcho', { value: 'slow', ms: 2_000 });
    const started = Date.now();
    assert.equal((await c.request('echo', { text: 'quick', numbers: [] })).status, 'ok');
    assert.ok(Date.now() - started < 1_500, 'the quick request did not wait for the slow one');
    await slow;
    assert.equal(c.started, 2);
  });

  it('fails the job of a worker that crashes, and starts a new one for the next', async () => {
    const c = make();
    const outcome = await c.request('crash', {});
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /stopped while running "crash"/);
    assert.equal((await c.request('echo', { text: 'later', numbers: [] })).status, 'ok');
  });

  it('answers an unknown job with a failure, and a request after dispose without a worker', async () => {
    const c = make();
    const unknown = await (c as unknown as WorkerClient<Record<string, TestJobs['echo']>>).request('nope', { text: '', numbers: [] });
    assert.deepEqual(unknown, { status: 'failed', message: 'unknown job "nope"' });
    c.dispose();
    assert.equal((await c.request('echo', { text: '', numbers: [] })).status, 'failed');
  });

  it('cancels a request that is still waiting, without ever sending it', async () => {
    const c = make({ maxWorkers: 1 });
    const controller = new AbortController();
    const busy = c.request('slowEcho', { value: 'busy', ms: 200 });
    const waiting = c.request('echo', { text: 'never', numbers: [] }, { signal: controller.signal });
    controller.abort();
    assert.deepEqual(await waiting, { status: 'cancelled' });
    assert.equal((await busy).status, 'ok');
  });
});
