// Copies of the weights as training goes, so a run can be replayed: the preview redrawn with the weights of any
// kept epoch (run(withWeights(spec, snapshotWeights(spec, snapshot)))). Every epoch is kept while the budget
// allows; past it, every other snapshot is dropped and the spacing doubles, so the kept epochs stay evenly spread
// over the whole run (0, s, 2s, …) whatever its length, and the latest epoch is always there too.
import { dimsOf, paramLayout, toWeightValues } from './params';
import type { EngineSpec, ModelSpec, SnapshotBudget, WeightValue } from './types';

export interface WeightSnapshot {
  /** epochs completed when it was taken (0 = the initial weights) */
  epoch: number;
  /** every parameter, flat, in paramLayout's order */
  params: Float64Array;
}

/** 64 MB: a few hundred snapshots of a 20,000-weight model, every epoch of a 1,000-epoch run of a small one. */
export const SNAPSHOT_DEFAULTS: Required<SnapshotBudget> = { maxBytes: 64 * 1024 * 1024, maxCount: 1000 };

export interface SnapshotKeeper {
  /** Called after every epoch (and with epoch 0 before the first); copies the weights if this epoch is kept. */
  offer(epoch: number, params: Float64Array): void;
  /** The kept snapshots, oldest first, ending with the latest epoch offered. */
  list(): WeightSnapshot[];
  /** how many snapshots the budget allows (besides the latest) */
  readonly capacity: number;
}

export function createSnapshotKeeper(parameterCount: number, budget: SnapshotBudget = {}): SnapshotKeeper {
  const maxBytes = budget.maxBytes ?? SNAPSHOT_DEFAULTS.maxBytes;
  const maxCount = budget.maxCount ?? SNAPSHOT_DEFAULTS.maxCount;
  // At least the first and one more, so a replay always has a start and an end.
  const capacity = Math.max(2, Math.min(maxCount, Math.floor(maxBytes / (8 * Math.max(1, parameterCount)))));
  const kept: WeightSnapshot[] = [];
  const spare: Float64Array[] = [];
  let spacing = 1;
  let latest: WeightSnapshot | null = null;

  function copy(epoch: number, params: Float64Array, reuse: Float64Array | undefined): WeightSnapshot {
    const buffer = reuse && reuse.length === params.length ? reuse : new Float64Array(params.length);
    buffer.set(params);
    return { epoch, params: buffer };
  }

  return {
    capacity,
    offer(epoch, params) {
      if (epoch % spacing === 0) {
        if (kept.length === capacity) {
          spacing *= 2;
          // keep the epochs on the new, twice as wide grid; their buffers are reused
          const stay = kept.filter((s) => s.epoch % spacing === 0);
          for (const s of kept) if (s.epoch % spacing !== 0) spare.push(s.params);
          kept.length = 0;
          kept.push(...stay);
        }
        if (epoch % spacing === 0) {
          kept.push(copy(epoch, params, spare.pop()));
          if (latest) spare.push(latest.params);
          latest = null;
          return;
        }
      }
      latest = copy(epoch, params, latest?.params);
    },
    list() {
      return latest && latest.epoch > (kept.at(-1)?.epoch ?? -1) ? [...kept, latest] : [...kept];
    },
  };
}

/** A snapshot's weights in the spec's (PyTorch's) layout. */
export function snapshotWeights(model: ModelSpec, snapshot: WeightSnapshot): Record<string, WeightValue> {
  return toWeightValues(paramLayout(dimsOf(model)), snapshot.params);
}

/** The spec with these weights: what the preview runs to show a kept epoch. */
export function withWeights<T extends EngineSpec>(spec: T, weights: Record<string, WeightValue>): T {
  return { ...spec, model: { ...spec.model, weights } };
}
