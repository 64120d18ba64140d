// Forward + BPTT over more cores: the sequences are split into shards, one per worker of a pool the host provides
// (worker_threads in Node, Web Workers in a browser: the engine only sees `EnginePool`, so it stays free of both).
// The sequences of a batch are independent given the weights, so each worker runs its shard on its own workspace,
// kept between calls, and the loss and gradient are the sums of the shards' — each shard scaled by the whole
// data set's normaliser (PyTorch's mean over every sequence), not its own. The sums are taken in shard order, so
// a result does not depend on which worker answers first; it differs from the one-thread result only by rounding
// (the terms are added in another order).
import { backwardAll } from './backward';
import { forwardAll } from './forward';
import type { EngineSpec } from './types';
import { createWorkspace, releaseWorkspace, type Workspace, type WorkspaceOptions } from './workspace';
import { prepareDataset } from './data';
import { dimsOf } from './params';

/** What the host sends a worker of the pool, and what it answers. */
export type ShardRequest =
  /** keep a workspace for these sequences; `scale` is the whole data set's loss normaliser */
  | { type: 'shardLoad'; spec: EngineSpec; scale: number; options?: WorkspaceOptions }
  /** forward + BPTT at these parameters; truncation as in backwardAll */
  | { type: 'shardGradient'; params: Float64Array; truncation?: number }
  | { type: 'shardRelease' };

export type ShardReply =
  | { type: 'shardLoaded'; parameters: number }
  | { type: 'shardGradient'; loss: number; grads: Float64Array }
  | { type: 'shardReleased' }
  | { type: 'shardError'; message: string };

/** A host's workers, each running createShardHandler's handler on what it is sent. */
export interface EnginePool {
  readonly size: number;
  /** one request to worker `index`, answered in order */
  request(index: number, message: ShardRequest): Promise<ShardReply>;
}

/** The worker's side: one shard workspace, reused by every gradient request until released. */
export function createShardHandler(): (message: ShardRequest) => ShardReply {
  let ws: Workspace | null = null;
  return (message) => {
    try {
      switch (message.type) {
        case 'shardLoad':
          if (ws) releaseWorkspace(ws);
          ws = createWorkspace(message.spec, undefined, message.options);
          ws.dataset.scale = message.scale;
          return { type: 'shardLoaded', parameters: ws.params.length };
        case 'shardGradient': {
          if (!ws) return { type: 'shardError', message: 'engine: shardGradient before shardLoad' };
          ws.params.set(message.params);
          const loss = forwardAll(ws);
          backwardAll(ws, message.truncation);
          return { type: 'shardGradient', loss, grads: Float64Array.from(ws.grads) };
        }
        case 'shardRelease':
          if (ws) releaseWorkspace(ws);
          ws = null;
          return { type: 'shardReleased' };
      }
    } catch (error) {
      return { type: 'shardError', message: error instanceof Error ? error.message : String(error) };
    }
  };
}

export interface ParallelGradient {
  /** how the sequences were split: sequence indices per shard */
  readonly shards: number[][];
  /** loss and dL/dθ (flat, the workspace layout) over every sequence at `params` */
  evaluate(params: Float64Array, truncation?: number): Promise<{ loss: number; grads: Float64Array }>;
  release(): Promise<void>;
}

/** Splits the spec's sequences over the pool's workers and loads each shard. */
export async function createParallelGradient(spec: EngineSpec, pool: EnginePool, options: WorkspaceOptions = {}): Promise<ParallelGradient> {
  const scale = prepareDataset(spec, dimsOf(spec.model)).scale;
  const shards = splitByLength(spec.data.sequences.map((s) => s.inputs.length), pool.size);
  await Promise.all(
    shards.map(async (indices, w) => {
      const shardSpec: EngineSpec = { ...spec, data: { sequences: indices.map((s) => spec.data.sequences[s]) } };
      expect(await pool.request(w, { type: 'shardLoad', spec: shardSpec, scale, options }), 'shardLoaded');
    }),
  );
  return {
    shards,
    async evaluate(params, truncation) {
      const replies = await Promise.all(shards.map((_, w) => pool.request(w, { type: 'shardGradient', params, truncation })));
      let loss = 0;
      let grads: Float64Array | null = null;
      for (const reply of replies) {
        const part = expect(reply, 'shardGradient');
        loss += part.loss;
        if (!grads) grads = Float64Array.from(part.grads);
        else for (let i = 0; i < grads.length; i++) grads[i] += part.grads[i];
      }
      return { loss, grads: grads ?? new Float64Array(0) };
    },
    async release() {
      await Promise.all(shards.map((_, w) => pool.request(w, { type: 'shardRelease' })));
    },
  };
}

/** Sequence indices into `parts` shards of nearly equal total steps (longest first into the lightest), each
 *  shard's indices in the data's order; no more shards than sequences. */
export function splitByLength(lengths: number[], parts: number): number[][] {
  const count = Math.max(1, Math.min(parts, lengths.length));
  const shards: number[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const order = lengths.map((_, s) => s).sort((a, b) => lengths[b] - lengths[a] || a - b);
  for (const s of order) {
    let lightest = 0;
    for (let w = 1; w < count; w++) if (load[w] < load[lightest]) lightest = w;
    shards[lightest].push(s);
    load[lightest] += lengths[s];
  }
  return shards.map((indices) => indices.sort((a, b) => a - b));
}

function expect<T extends ShardReply['type']>(reply: ShardReply, type: T): Extract<ShardReply, { type: T }> {
  if (reply.type === 'shardError') throw new Error(reply.message);
  if (reply.type !== type) throw new Error(`engine: expected ${type} from a pool worker, got ${reply.type}`);
  return reply as Extract<ShardReply, { type: T }>;
}
