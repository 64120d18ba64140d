// Training replay: the kept snapshot nearest the epoch the view asked for (a long run keeps every 2nd, 4th …
// epoch), as the weights the preview job runs instead of the spec's.
import type { ReplayWeights } from '../jobs/types';
import type { TrainingSnapshots } from '../state/specResults';

export function replayWeights(snapshots: TrainingSnapshots | undefined, epoch: number | undefined): ReplayWeights | undefined {
  if (!snapshots || epoch === undefined || snapshots.list.length === 0) return undefined;
  const nearest = snapshots.list.reduce((best, s) => (Math.abs(s.epoch - epoch) < Math.abs(best.epoch - epoch) ? s : best));
  return { epoch: nearest.epoch, epochs: snapshots.epochs, params: nearest.params, model: snapshots.model };
}
