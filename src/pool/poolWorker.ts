// A worker of the Node pool (nodePool.ts), bundled to dist/pool-worker.js: the engine's shard handler on the
// messages the host sends; a gradient goes back transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { createShardHandler, type ShardRequest } from '../engine/parallel';

if (parentPort) {
  const port = parentPort;
  const handle = createShardHandler();
  port.on('message', (message: ShardRequest) => {
    const reply = handle(message);
    port.postMessage(reply, reply.type === 'shardGradient' ? [reply.grads.buffer as ArrayBuffer] : []);
  });
}
