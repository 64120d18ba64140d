// The extension's worker in the browser (bundled to dist/web/worker.js, started by src/worker/webTransport.ts):
// the same jobs as src/jobWorker.ts over a Web Worker's postMessage. It carries its own copy of the parser and the
// engine (no dist/core.js to share: a Blob-URL worker cannot load a second script by a relative path).
import { JOB_HANDLERS } from './jobs/handlers';
import { serveJobs } from './worker/serve';
import { webWorkerPort, type WebWorkerScope } from './worker/webTransport';
import type { UnrollJobs } from './jobs/types';

serveJobs<UnrollJobs>(webWorkerPort(globalThis as unknown as WebWorkerScope), JOB_HANDLERS);
