import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { PreviewJob, PreviewOutcome } from './pipeline';
import type { AnalysisOutcome } from './analysisJobs';
import type { WorkerRequest, WorkerResponse } from './previewWorker';

type Deliver = (outcome: PreviewOutcome) => void;

interface Slot {
  running: boolean;
  /** the newest job that arrived while one was running; older ones are simply replaced */
  next?: { job: PreviewJob; deliver: Deliver };
  /** newest document version delivered, per document, so a late, older result is dropped */
  delivered: Map<string, number>;
}

/**
 * Runs preview jobs in one worker thread. Per document: the first edit runs at once, edits that arrive
 * meanwhile collapse into the newest one, and a result older than what was shown is dropped.
 */
export class PreviewRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerResponse) => void }>();
  private readonly slots = new Map<string, Slot>();
  private disposed = false;

  constructor(private readonly workerFile: string) {}

  static forExtension(extensionPath: string): PreviewRunner {
    return new PreviewRunner(path.join(extensionPath, 'dist', 'preview-worker.js'));
  }

  /** `key` names the consumer (a preview, the status bar): each keeps its own newest-wins slot. */
  submit(key: string, job: PreviewJob, deliver: Deliver): void {
    const slot = this.slots.get(key) ?? { running: false, delivered: new Map() };
    this.slots.set(key, slot);
    if (slot.running) {
      slot.next = { job, deliver };
      return;
    }
    void this.runInSlot(slot, job, deliver);
  }

  private async runInSlot(slot: Slot, job: PreviewJob, deliver: Deliver): Promise<void> {
    slot.running = true;
    const response = await this.send({ kind: 'preview', job });
    slot.running = false;
    if (this.disposed) return;
    // Same version again is fine (another sequence of the same text); older is stale.
    if ('outcome' in response) {
      // Versions count per document: a consumer that moves to another document starts afresh.
      if (job.version >= (slot.delivered.get(job.uri) ?? -Infinity)) {
        slot.delivered.set(job.uri, job.version);
        deliver(response.outcome);
      }
    } else if ('error' in response) {
      console.error(`[unroll] preview failed: ${response.error}`);
    }
    const next = slot.next;
    slot.next = undefined;
    if (next) void this.runInSlot(slot, next.job, next.deliver);
  }

  /** A one-off analysis (comparison, gradient check) in the same worker. */
  async analyse(kind: 'compare' | 'gradcheck', job: PreviewJob): Promise<AnalysisOutcome> {
    const response = await this.send({ kind, job });
    if ('analysis' in response) return response.analysis;
    throw new Error('error' in response ? response.error : 'unexpected worker response');
  }

  private send(request: Omit<WorkerRequest, 'id'>): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve });
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (response: WorkerResponse) => {
      this.waiting.get(response.id)?.resolve(response);
      this.waiting.delete(response.id);
    });
    // A crashed worker fails its waiting jobs and is replaced on the next submit.
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, w] of this.waiting) w.resolve({ id, error: 'the preview worker stopped' });
      this.waiting.clear();
    });
    this.worker = worker;
    return worker;
  }

  /** Forget a consumer's slot (its preview closed). */
  release(key: string): void {
    this.slots.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
