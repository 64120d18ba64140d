// worker_threads as a transport: the extension host's workers (Node) and the tests'.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './messages';
import type { TransportFactory, WorkerPort, WorkerTransport } from './transport';

export function nodeWorkerTransport(file: string, options?: WorkerOptions): TransportFactory {
  return (): WorkerTransport => {
    const worker = new Worker(file, options);
    // An idle worker must not keep a CLI or a test process alive.
    worker.unref();
    let exited = false;
    return {
      post: (message: ToWorker) => worker.postMessage(message),
      listen(onMessage, onExit) {
        worker.on('message', (message: FromWorker) => onMessage(message));
        const exit = (reason: string) => {
          if (exited) return;
          exited = true;
          onExit(reason);
        };
        worker.on('error', (error) => exit(error.message));
        worker.on('exit', (code) => exit(`the worker stopped (exit code ${code})`));
      },
      terminate() {
        exited = true;
        void worker.terminate();
      },
    };
  };
}

/** The worker's side, for a worker_threads entry. */
export function nodeWorkerPort(port: import('node:worker_threads').MessagePort): WorkerPort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (handler) => port.on('message', handler),
  };
}
