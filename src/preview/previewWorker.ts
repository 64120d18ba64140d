// The extension's worker thread for everything that needs the spec parser or the engine: the preview,
// diagnostics, comparisons, gradient checks. The editor never waits for them.
import { parentPort } from 'node:worker_threads';
import { handleWorkerRequest, type WorkerRequest } from '../core';

parentPort?.on('message', (request: WorkerRequest) => parentPort?.postMessage(handleWorkerRequest(request)));
