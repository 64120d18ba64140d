// The extension's worker thread (bundled to dist/worker.js): every job that needs the parser or the engine —
// the preview, diagnostics, training, comparisons, gradient checks — runs here, never on the editor's thread.
import { parentPort } from 'node:worker_threads';
import { JOB_HANDLERS } from './core';
import { nodeWorkerPort } from './worker/nodeTransport';
import { serveJobs } from './worker/serve';
import type { UnrollJobs } from './jobs/types';

if (parentPort) serveJobs<UnrollJobs>(nodeWorkerPort(parentPort), JOB_HANDLERS);
