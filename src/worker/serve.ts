// The worker's side of the client: runs each request's job and answers with a reply, a failure or a cancel.
// Kept free of Node and DOM imports, so the same code serves over worker_threads and a Web Worker. An output's
// large tables of numbers travel as one Float64Array (numberTables.ts): a structured clone copies that in one piece.
import { packTables } from '../numberTables';
import type { JobMap, ToWorker } from './messages';
import type { WorkerPort } from './transport';

export interface JobContext<Progress> {
  progress(progress: Progress): void;
  /** true once the host asked this job to stop; a long job checks it between pieces of work */
  readonly cancelled: boolean;
  /** Lets the event loop run, so that a cancel message can arrive while a long job works. */
  pause(): Promise<void>;
}

/** A job that stops early on a cancel throws this (with what it reached, if anything). */
export class JobCancelled extends Error {
  constructor(readonly partial?: unknown) {
    super('cancelled');
  }
}

export type JobHandlers<Jobs extends JobMap> = {
  [K in keyof Jobs]: (input: Jobs[K]['input'], context: JobContext<Jobs[K]['progress']>) => Jobs[K]['output'] | Promise<Jobs[K]['output']>;
};

export function serveJobs<Jobs extends JobMap>(port: WorkerPort, handlers: JobHandlers<Jobs>): void {
  const cancelled = new Set<number>();
  const active = new Set<number>();

  port.onMessage((message: ToWorker) => {
    if (message.kind === 'cancel') {
      if (active.has(message.id)) cancelled.add(message.id);
      return;
    }
    void run(message.id, message.job, message.input);
  });

  async function run(id: number, job: string, input: unknown): Promise<void> {
    const handler = Object.hasOwn(handlers, job) ? (handlers as Record<string, JobHandlers<JobMap>[string]>)[job] : undefined;
    if (!handler) {
      port.post({ kind: 'failure', id, message: `unknown job "${job}"` });
      return;
    }
    active.add(id);
    const context: JobContext<unknown> = {
      progress: (progress) => port.post({ kind: 'progress', id, progress }),
      get cancelled() {
        return cancelled.has(id);
      },
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    };
    try {
      const output = packTables(await handler(input, context));
      port.post(cancelled.has(id) ? { kind: 'cancelled', id, output: output.rest, numbers: output.numbers } : { kind: 'reply', id, output: output.rest, numbers: output.numbers });
    } catch (error) {
      if (error instanceof JobCancelled) {
        const partial = packTables(error.partial);
        port.post({ kind: 'cancelled', id, output: partial.rest, numbers: partial.numbers });
      }
      else port.post({ kind: 'failure', id, message: error instanceof Error ? error.message : String(error), detail: error instanceof Error ? error.stack : undefined });
    } finally {
      active.delete(id);
      cancelled.delete(id);
    }
  }
}
