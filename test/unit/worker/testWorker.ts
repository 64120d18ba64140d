// A worker_threads entry with small jobs that exercise the client: it answers, fails, reports progress, honours
// a cancel, ignores one, and hangs. Loaded through tsx by worker.test.ts.
import { parentPort } from 'node:worker_threads';
import { nodeWorkerPort } from '../../../src/worker/nodeTransport';
import { JobCancelled, serveJobs } from '../../../src/worker/serve';
import type { TestJobs } from './testJobs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (parentPort) {
  serveJobs<TestJobs>(nodeWorkerPort(parentPort), {
    echo: (input) => input,
    mirror: (input) => input,
    slowEcho: async (input) => {
      await sleep(input.ms);
      return input.value;
    },
    fail: (input) => {
      throw new Error(input.message);
    },
    count: async (input, context) => {
      for (let i = 1; i <= input.to; i++) {
        if (context.cancelled) throw new JobCancelled(i - 1);
        context.progress(i);
        await sleep(input.everyMs);
      }
      return input.to;
    },
    /** never looks up: only stopping the worker ends it */
    spin: (input) => {
      const until = Date.now() + input.ms;
      while (Date.now() < until) {
        // busy
      }
      return 'spun';
    },
    crash: () => {
      setTimeout(() => process.exit(3), 0);
      return new Promise<never>(() => undefined);
    },
    threadId: async () => (await import('node:worker_threads')).threadId,
  });
}
