// One client for every job the host gives its workers: typed request → reply (or failure), progress, cancel, a
// silence timeout that replaces a stuck worker, and newest-wins for a key. A small pool: each worker runs one job
// at a time, so a long job never delays the next request while a second worker is allowed.
import { unpackTables } from '../numberTables';
import type { FromWorker, JobMap, Outcome } from './messages';
import type { TransportFactory, WorkerTransport } from './transport';

export interface RequestOptions<Progress> {
  /** Newest wins: while a request with this key runs, the next one waits, and a waiting one is superseded by a
   *  newer one (what typing in the editor needs: the first edit runs at once, the rest collapse into the last). */
  key?: string;
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
  /** The longest silence (no reply, no progress) before the worker is stopped and replaced; default: the client's. */
  timeoutMs?: number;
}

export interface WorkerClientOptions {
  /** for messages: "the preview worker" */
  name: string;
  /** workers running at once; a request beyond that waits its turn */
  maxWorkers: number;
  /** workers kept alive while idle (the first request pays for starting one: loading the parser and engine) */
  warmWorkers: number;
  timeoutMs: number;
  /** after a cancel, how long the job may take to stop by itself before its worker is stopped */
  cancelGraceMs: number;
  /** an idle worker beyond `warmWorkers` is stopped after this long */
  idleMs: number;
}

const DEFAULTS: Omit<WorkerClientOptions, 'name'> = { maxWorkers: 2, warmWorkers: 1, timeoutMs: 30_000, cancelGraceMs: 1_000, idleMs: 30_000 };

interface Request {
  id: number;
  job: string;
  input: unknown;
  key?: string;
  timeoutMs: number;
  onProgress?: (progress: unknown) => void;
  resolve(outcome: Outcome<unknown>): void;
  /** set once cancel was asked for while it ran */
  cancelling?: ReturnType<typeof setTimeout>;
}

interface Slot {
  transport: WorkerTransport;
  running?: Request;
  silence?: ReturnType<typeof setTimeout>;
  idle?: ReturnType<typeof setTimeout>;
}

export class WorkerClient<Jobs extends JobMap> {
  private readonly options: WorkerClientOptions;
  private readonly queue: Request[] = [];
  private readonly slots = new Set<Slot>();
  private readonly runningKeys = new Set<string>();
  private nextId = 1;
  private disposed = false;
  /** workers started so far (tests read it to see a stuck one replaced) */
  started = 0;

  constructor(
    private readonly makeTransport: TransportFactory,
    options: Partial<WorkerClientOptions> & { name: string },
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  request<K extends keyof Jobs & string>(
    job: K,
    input: Jobs[K]['input'],
    options: RequestOptions<Jobs[K]['progress']> = {},
  ): Promise<Outcome<Jobs[K]['output']>> {
    return new Promise((resolve) => {
      if (this.disposed) return resolve({ status: 'failed', message: `${this.options.name} was shut down` });
      if (options.signal?.aborted) return resolve({ status: 'cancelled' });
      const request: Request = {
        id: this.nextId++,
        job,
        input,
        key: options.key,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        onProgress: options.onProgress as ((progress: unknown) => void) | undefined,
        resolve: resolve as (outcome: Outcome<unknown>) => void,
      };
      if (request.key !== undefined) this.supersedeWaiting(request.key);
      this.queue.push(request);
      options.signal?.addEventListener('abort', () => this.cancel(request), { once: true });
      this.pump();
    });
  }

  /** Requests waiting or running, for tests and diagnostics. */
  get pending(): number {
    let running = 0;
    for (const slot of this.slots) if (slot.running) running++;
    return this.queue.length + running;
  }

  dispose(): void {
    this.disposed = true;
    for (const request of this.queue.splice(0)) request.resolve({ status: 'failed', message: `${this.options.name} was shut down` });
    for (const slot of [...this.slots]) {
      const running = slot.running;
      this.retire(slot);
      running?.resolve({ status: 'failed', message: `${this.options.name} was shut down` });
    }
  }

  private supersedeWaiting(key: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].key !== key) continue;
      const [older] = this.queue.splice(i, 1);
      older.resolve({ status: 'superseded' });
    }
  }

  /** Starts every waiting request that can start: its key is free and a worker is idle or may be added. */
  private pump(): void {
    if (this.disposed) return;
    for (let i = 0; i < this.queue.length; ) {
      const request = this.queue[i];
      if (request.key !== undefined && this.runningKeys.has(request.key)) {
        i++;
        continue;
      }
      const slot = this.idleSlot() ?? (this.slots.size < this.options.maxWorkers ? this.spawn() : undefined);
      if (!slot) return;
      this.queue.splice(i, 1);
      this.start(slot, request);
    }
  }

  private idleSlot(): Slot | undefined {
    for (const slot of this.slots) if (!slot.running) return slot;
    return undefined;
  }

  private spawn(): Slot {
    const slot: Slot = { transport: this.makeTransport() };
    this.started++;
    this.slots.add(slot);
    slot.transport.listen(
      (message) => this.onMessage(slot, message),
      (reason) => this.onExit(slot, reason),
    );
    return slot;
  }

  private start(slot: Slot, request: Request): void {
    clearTimeout(slot.idle);
    slot.running = request;
    if (request.key !== undefined) this.runningKeys.add(request.key);
    this.listenForSilence(slot, request);
    slot.transport.post({ kind: 'request', id: request.id, job: request.job, input: request.input });
  }

  private listenForSilence(slot: Slot, request: Request): void {
    clearTimeout(slot.silence);
    if (!Number.isFinite(request.timeoutMs)) return;
    slot.silence = setTimeout(() => {
      const seconds = Math.round(request.timeoutMs / 100) / 10;
      this.end(slot, { status: 'timeout', message: `${this.options.name} did not answer "${request.job}" within ${seconds} s; it was stopped and will be restarted` }, true);
    }, request.timeoutMs);
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    const request = slot.running;
    if (!request || request.id !== message.id) return;
    switch (message.kind) {
      case 'progress':
        this.listenForSilence(slot, request);
        request.onProgress?.(message.progress);
        return;
      case 'reply': {
        const output = withTables(message.output, message.numbers);
        // A reply that crossed a cancel still counts as cancelled: the caller asked not to have it.
        this.end(slot, request.cancelling ? { status: 'cancelled', partial: output } : { status: 'ok', value: output });
        return;
      }
      case 'cancelled':
        this.end(slot, message.output === undefined ? { status: 'cancelled' } : { status: 'cancelled', partial: withTables(message.output, message.numbers) });
        return;
      case 'failure':
        this.end(slot, { status: 'failed', message: message.message });
        return;
    }
  }

  private cancel(request: Request): void {
    const waiting = this.queue.indexOf(request);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      request.resolve({ status: 'cancelled' });
      return;
    }
    const slot = [...this.slots].find((s) => s.running === request);
    if (!slot || request.cancelling) return;
    slot.transport.post({ kind: 'cancel', id: request.id });
    // A job that does not look up from its work in time (a long run() with no checks) loses its worker.
    request.cancelling = setTimeout(() => this.end(slot, { status: 'cancelled' }, true), this.options.cancelGraceMs);
  }

  /** The running job of `slot` ends with `outcome`; `stopWorker` when the worker cannot be trusted to be free. */
  private end(slot: Slot, outcome: Outcome<unknown>, stopWorker = false): void {
    const request = slot.running;
    if (!request) return;
    clearTimeout(slot.silence);
    clearTimeout(request.cancelling);
    slot.running = undefined;
    if (request.key !== undefined) this.runningKeys.delete(request.key);
    if (stopWorker) this.retire(slot);
    else this.idleLater(slot);
    request.resolve(outcome);
    this.pump();
  }

  private onExit(slot: Slot, reason: string): void {
    const request = slot.running;
    this.slots.delete(slot);
    if (request) {
      slot.running = undefined;
      clearTimeout(slot.silence);
      clearTimeout(request.cancelling);
      if (request.key !== undefined) this.runningKeys.delete(request.key);
      request.resolve(request.cancelling ? { status: 'cancelled' } : { status: 'failed', message: `${this.options.name} stopped while running "${request.job}": ${reason}` });
    }
    this.pump();
  }

  private retire(slot: Slot): void {
    clearTimeout(slot.silence);
    clearTimeout(slot.idle);
    this.slots.delete(slot);
    slot.transport.terminate();
  }

  /** Idle workers beyond the warm ones are stopped after a while: a worker holds a parser, an engine and memory. */
  private idleLater(slot: Slot): void {
    clearTimeout(slot.idle);
    let idle = 0;
    for (const s of this.slots) if (!s.running) idle++;
    if (idle <= this.options.warmWorkers) return;
    slot.idle = setTimeout(() => {
      if (!slot.running && this.slots.has(slot)) this.retire(slot);
    }, this.options.idleMs);
  }
}

/** A worker's output with its tables of numbers back in place (serve.ts sent them as bytes). */
function withTables(output: unknown, numbers: Float64Array | undefined): unknown {
  return numbers ? unpackTables(output, numbers) : output;
}
