// The host's side of every job: two pools of workers behind one client type. Quick, interactive jobs (the preview
// and the diagnostics, run on every keystroke) never queue behind long ones (training, comparisons, gradient
// checks), which get workers of their own; either pool replaces a worker that stops answering.
import { WorkerClient, type RequestOptions } from '../worker/client';
import type { Outcome } from '../worker/messages';
import type { TransportFactory } from '../worker/transport';
import type { JobName, UnrollJobs } from './types';

// Sampling and its prompts' facts are interactive too: one sequence of a few thousand steps at most.
const INTERACTIVE: ReadonlySet<JobName> = new Set<JobName>(['preview', 'check', 'fixes', 'importCheckpoint', 'exportPytorch', 'textInfo', 'sample']);

export class Jobs {
  private readonly interactive: WorkerClient<UnrollJobs>;
  private readonly background: WorkerClient<UnrollJobs>;

  constructor(transport: TransportFactory) {
    // A preview within the spec limits runs in well under a second; 20 s of silence means the worker is stuck.
    this.interactive = new WorkerClient(transport, { name: 'the preview worker', maxWorkers: 2, warmWorkers: 1, timeoutMs: 20_000 });
    // Long jobs report progress (or finish) well within this; a gradient check that does not is stopped.
    this.background = new WorkerClient(transport, { name: 'the training worker', maxWorkers: 2, warmWorkers: 0, timeoutMs: 120_000, idleMs: 10_000 });
  }

  run<K extends JobName>(job: K, input: UnrollJobs[K]['input'], options?: RequestOptions<UnrollJobs[K]['progress']>): Promise<Outcome<UnrollJobs[K]['output']>> {
    return (INTERACTIVE.has(job) ? this.interactive : this.background).request(job, input, options);
  }

  dispose(): void {
    this.interactive.dispose();
    this.background.dispose();
  }
}
