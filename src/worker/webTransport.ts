// Web Workers as a transport: the browser host (vscode.dev, github.dev, code-server's web worker extension host).
// Kept free of `vscode` and Node: the host passes in how to read the worker's script, so the same code serves any URI.
//
// A worker is started from a Blob URL of the script's text. A Worker made straight from the extension's own URL
// works where the script is same-origin, but the browser host serves extensions from another origin (or a
// vscode-remote resource URL), where `new Worker(url)` throws "Creating workers from remote extensions is currently
// not supported" (microsoft/vscode#168942). The direct URL is tried first only when the caller gives one.
import type { FromWorker, ToWorker } from './messages';
import type { TransportFactory, WorkerPort, WorkerTransport } from './transport';

/** What this file needs of the browser's Worker, without the DOM typings (the project compiles against ES2022 + node). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
}

interface WebGlobals {
  Worker?: new (url: string, options?: { name?: string }) => WebWorker;
  Blob?: new (parts: (string | Uint8Array)[], options?: { type?: string }) => object;
  URL: { createObjectURL?(blob: object): string };
}

export interface WebWorkerSource {
  /** the worker script's bytes (the host reads them with vscode.workspace.fs) */
  read(): Promise<Uint8Array>;
  /** the script's own URL, when a Worker may be made from it directly (same origin) */
  directUrl?: string;
  /** shown in the browser's developer tools */
  name?: string;
}

/**
 * A factory of Web Worker transports. The first worker reads the script once; every later one (a second worker, a
 * replacement for a stuck one) reuses the same Blob URL. Messages posted while the script is being read wait.
 */
export function webWorkerTransport(source: WebWorkerSource): TransportFactory {
  const globals = globalThis as unknown as WebGlobals;
  let scriptUrl: Promise<string> | undefined;
  const blobUrl = () => {
    scriptUrl ??= source.read().then((bytes) => {
      if (!globals.Blob || !globals.URL.createObjectURL) throw new Error('this host has no Blob URLs to start a worker from');
      return globals.URL.createObjectURL(new globals.Blob([bytes], { type: 'text/javascript' }));
    });
    // A failed read is tried again by the next worker rather than remembered forever.
    scriptUrl.catch(() => (scriptUrl = undefined));
    return scriptUrl;
  };

  const start = async (): Promise<WebWorker> => {
    const WorkerClass = globals.Worker;
    if (!WorkerClass) throw new Error('this host cannot start Web Workers');
    if (source.directUrl) {
      try {
        return new WorkerClass(source.directUrl, { name: source.name });
      } catch {
        // a cross-origin extension URL: fall back to the Blob URL below
      }
    }
    return new WorkerClass(await blobUrl(), { name: source.name });
  };

  return (): WorkerTransport => {
    let worker: WebWorker | undefined;
    let stopped = false;
    let exited = false;
    const waiting: ToWorker[] = [];
    let handlers: { onMessage: (message: FromWorker) => void; onExit: (reason: string) => void } | undefined;
    const exit = (reason: string) => {
      if (exited || stopped) return;
      exited = true;
      handlers?.onExit(reason);
    };

    start().then(
      (started) => {
        if (stopped) return started.terminate();
        worker = started;
        worker.addEventListener('message', (event) => handlers?.onMessage(event.data as FromWorker));
        // An uncaught error ends a job's promise chain in the worker; the client treats it as the worker's death.
        worker.addEventListener('error', (event) => exit(event.message ?? 'the worker failed'));
        worker.addEventListener('messageerror', () => exit('a message from the worker could not be read'));
        for (const message of waiting.splice(0)) worker.postMessage(message);
      },
      (error: unknown) => exit(`the worker could not start: ${error instanceof Error ? error.message : String(error)}`),
    );

    return {
      post(message) {
        if (worker) worker.postMessage(message);
        else waiting.push(message);
      },
      listen(onMessage, onExit) {
        handlers = { onMessage, onExit };
      },
      terminate() {
        stopped = true;
        worker?.terminate();
      },
    };
  };
}

/** What the worker's side needs of its global scope (`self` in a Web Worker). */
export interface WebWorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The worker's side, for a Web Worker entry: answers over `self.postMessage`. */
export function webWorkerPort(scope: WebWorkerScope): WorkerPort {
  return {
    post: (message) => scope.postMessage(message),
    onMessage: (handler) => scope.addEventListener('message', (event) => handler(event.data as ToWorker)),
  };
}
