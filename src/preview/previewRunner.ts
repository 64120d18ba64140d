import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { PreviewJob, PreviewOutcome } from './pipeline';
import type { WorkerAnswer, WorkerRequest, WorkerResponse } from './workerRequests';
import type { Problem } from '../spec/types';

type SlotKind = 'preview' | 'check';
type Pending = { [K in SlotKind]: { kind: K; job: PreviewJob; deliver: (answer: WorkerAnswer[K]) => void } }[SlotKind];

interface Slot {
  running: boolean;
  /** the newest job that arrived while one was running; older ones are simply replaced */
  next?: Pending;
  /** newest document version delivered, per document, so a late, older result is dropped */
  delivered: Map<string, number>;
}

/**
 * Runs the extension's parsing and engine work in one worker thread. Per consumer (a preview, the status
 * bar, a document's diagnostics): the first edit runs at once, edits that arrive meanwhile collapse into the
 * newest one, and a result older than what was delivered is dropped.
 */
export class PreviewRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (response: WorkerResponse) => void>();
  private readonly slots = new Map<string, Slot>();
  private disposed = false;

  constructor(private readonly workerFile: string) {}

  static forExtension(extensionPath: string): PreviewRunner {
    return new PreviewRunner(path.join(extensionPath, 'dist', 'preview-worker.js'));
  }

  /** Forward + BPTT for a preview; `key` names the consumer, each with its own newest-wins slot. */
  submit(key: string, job: PreviewJob, deliver: (outcome: PreviewOutcome) => void): void {
    this.enqueue(key, { kind: 'preview', job, deliver });
  }

  /** Parse and validate only, for diagnostics. */
  check(key: string, job: PreviewJob, deliver: (problems: Problem[]) => void): void {
    this.enqueue(key, { kind: 'check', job, deliver });
  }

  /** A one-off request (parse, comparison, gradient check), answered in order with the rest. */
  async request<K extends 'parse' | 'compare' | 'gradcheck'>(kind: K, job: PreviewJob): Promise<WorkerAnswer[K]> {
    const response = await this.send(kind, job);
    if ('error' in response) throw new Error(response.error);
    return response.answer as WorkerAnswer[K];
  }

  private enqueue(key: string, pending: Pending): void {
    const slot = this.slots.get(key) ?? { running: false, delivered: new Map() };
    this.slots.set(key, slot);
    if (slot.running) slot.next = pending;
    else void this.runInSlot(slot, pending);
  }

  private async runInSlot(slot: Slot, pending: Pending): Promise<void> {
    slot.running = true;
    const { job } = pending;
    const response = await this.send(pending.kind, job);
    slot.running = false;
    if (this.disposed) return;
    if ('error' in response) {
      console.error(`[unroll] ${pending.kind} failed: ${response.error}`);
      // Versions count per document (a consumer may move to another one); the same version again is
      // fine (another sequence of the same text); an older one is stale.
    } else if (job.version >= (slot.delivered.get(job.uri) ?? -Infinity)) {
      slot.delivered.set(job.uri, job.version);
      (pending.deliver as (answer: unknown) => void)(response.answer);
    }
    const next = slot.next;
    slot.next = undefined;
    if (next) void this.runInSlot(slot, next);
  }

  /** Forget a consumer's slot (its preview closed, its document too). */
  release(key: string): void {
    this.slots.delete(key);
  }

  private send(kind: WorkerRequest['kind'], job: PreviewJob): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, kind, job } as WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (response: WorkerResponse) => {
      this.waiting.get(response.id)?.(response);
      this.waiting.delete(response.id);
    });
    // A crashed worker fails its waiting jobs and is replaced on the next request.
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, resolve] of this.waiting) resolve({ id, error: 'the worker stopped' });
      this.waiting.clear();
    });
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
