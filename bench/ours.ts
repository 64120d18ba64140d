// Our contender: one workspace per problem, reused by every timed pass as a training session reuses it, and one
// pass = forward over every sequence + full BPTT, leaving the loss and every gradient in hand (what PyTorch's
// loss.backward() leaves). Building the views' nested arrays (run()) is timed apart, in the `run()` column.
import { backwardAll } from '../src/engine/backward';
import { forwardAll } from '../src/engine/forward';
import type { KernelChoice } from '../src/engine/kernels/kernels';
import { toWeightValues } from '../src/engine/params';
import type { Precision } from '../src/engine/real';
import type { WeightValue } from '../src/engine/types';
import { createWorkspace, releaseWorkspace } from '../src/engine/workspace';
import { toEngineSpec, type Problem } from './problem';

export interface OursContender {
  kernels: KernelChoice;
  /** one forward + BPTT pass; returns the loss */
  step(): number;
  grads(): Record<string, WeightValue>;
  /** done with this problem: the memory may serve the next one */
  release(): void;
}

export function oursContender(problem: Problem, kernels: KernelChoice = 'webassembly', precision: Precision = 'float64'): OursContender {
  const ws = createWorkspace(toEngineSpec(problem), undefined, { kernels, precision });
  return {
    kernels: ws.kernels.kind,
    step() {
      const loss = forwardAll(ws);
      backwardAll(ws);
      return loss;
    },
    grads: () => toWeightValues(ws.layout, ws.grads),
    release: () => releaseWorkspace(ws),
  };
}
