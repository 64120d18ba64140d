// The engine's EnginePool on Node's worker_threads: `size` workers, each running poolWorker.ts, answering the
// requests sent to it in order. The web extension will need the same over Web Workers (a page of code: a Worker
// per shard, postMessage and an onmessage queue, as here).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EnginePool, ShardReply, ShardRequest } from '../engine/parallel';

export interface NodePool extends EnginePool {
  /** ends the workers; until then they keep the process alive, as any open resource does */
  close(): Promise<void>;
}

/** `script`: the bundled worker (dist/pool-worker.js, beside the bundle that calls this), or a source file with
 *  `execArgv` that can load it (the tests use tsx). */
export function createNodePool(size: number, script = join(__dirname, 'pool-worker.js'), execArgv?: string[]): NodePool {
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(script, execArgv ? { execArgv } : {});
    const waiting: { resolve: (reply: ShardReply) => void; reject: (error: Error) => void }[] = [];
    worker.on('message', (reply: ShardReply) => waiting.shift()?.resolve(reply));
    // a worker that fails or stops answers every request it still owes with that (the host decides what next)
    worker.on('error', (error) => waiting.splice(0).forEach((w) => w.reject(error)));
    worker.on('exit', (code) => waiting.splice(0).forEach((w) => w.reject(new Error(`pool worker exited (code ${code})`))));
    return { worker, waiting };
  });
  return {
    size,
    request(index, message: ShardRequest) {
      const { worker, waiting } = workers[index];
      return new Promise<ShardReply>((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(message);
      });
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
