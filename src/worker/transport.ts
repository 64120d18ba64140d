// The thin, swappable part: how messages reach one worker. Node's worker_threads in the extension host and the
// CLI's tests; a Web Worker in the browser (the web extension). The client above it never knows which.
import type { FromWorker, ToWorker } from './messages';

export interface WorkerTransport {
  post(message: ToWorker): void;
  /** `onExit` is called once if the worker dies on its own (a crash, an exception outside any job). */
  listen(onMessage: (message: FromWorker) => void, onExit: (reason: string) => void): void;
  /** Stops the worker at once, whatever it is doing. */
  terminate(): void;
}

/** Makes a fresh worker: called for the first request, and again to replace one that was stopped. */
export type TransportFactory = () => WorkerTransport;

/** The worker's end of the line: what serveJobs needs from parentPort or a Web Worker's global scope. */
export interface WorkerPort {
  post(message: FromWorker): void;
  onMessage(handler: (message: ToWorker) => void): void;
}
