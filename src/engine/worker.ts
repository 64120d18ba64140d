// The engine's worker_threads entry (bundled to dist/worker.js): heavy runs and training happen here, off the
// extension host's main thread. The only file under src/engine that imports Node.
import { parentPort } from 'node:worker_threads';
import { createWorkerHandler } from './workerHandler';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

if (parentPort) {
  const port = parentPort;
  const handle = createWorkerHandler((message: WorkerResponse) => port.postMessage(message));
  port.on('message', (request: WorkerRequest) => void handle(request));
}
