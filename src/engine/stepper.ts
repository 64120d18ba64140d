// The model run one step at a time, for inputs that are not known in advance (sampling feeds each drawn character
// back). It uses the forward pass's own kernels on a workspace of two rows, the current step's and the previous
// one's, so a step computes exactly what forwardAll computes for that step of a sequence, and a run of any length
// takes no more memory than two steps.
import { createStepRows } from './batch';
import { gruStep } from './gruCell';
import { linearHead } from './head';
import { lstmStep } from './lstmCell';
import { dimsOf } from './params';
import { rnnStep } from './rnnCell';
import type { ModelSpec } from './types';
import { createWorkspace, packWeights } from './workspace';

export interface Stepper {
  /** One step with the one-hot input `index` (from a zero state at the first step); returns the head's outputs
   *  y_t (after outputActivation), a view that the next step overwrites. */
  feed(index: number): Float64Array;
  /** Back to a zero state: the next feed is step 0. */
  reset(): void;
  /** steps fed since the start or the last reset */
  readonly steps: number;
}

/** A stepper over the model's weights (`weights`, the rest from `init`, as every run). */
export function createStepper(model: ModelSpec): Stepper {
  const dims = dimsOf(model);
  const { inputSize: I, hiddenSize: H, outputSize: O } = dims;
  const GH = dims.gateCount * H;
  const zeros = new Array<number>(I).fill(0);
  const ws = createWorkspace({
    model,
    loss: { type: 'mse', on: 'last' },
    data: { sequences: [{ inputs: [zeros, zeros], target: new Array<number>(O).fill(0) }] },
  });
  // The weights do not change while sampling: packed for the kernels once.
  packWeights(ws);
  const { kernels } = ws;
  const step = createStepRows(1);
  step.size = 1;
  const top = ws.layers[dims.numLayers - 1];
  const out = new Float64Array(O);
  let t = 0;

  function feed(index: number): Float64Array {
    const row = t % 2;
    step.rows[0] = row;
    // the previous step's row; none (−1) at a sequence's first step, whose h_{t−1} is the zero state
    step.prevRows[0] = t === 0 ? -1 : 1 - row;
    step.first = t === 0;
    // the kernels read layer 0's input from their own memory
    const x = ws.layers[0].input;
    x.fill(0, row * I, row * I + I);
    x[row * I + index] = 1;
    for (const layer of ws.layers) {
      const width = layer.inputWidth;
      // W_ih x_t + b_ih for this row only, then the recurrence, as forwardLayer does for every row
      kernels.affineRows(layer.wih, layer.bih, layer.input.subarray(row * width, (row + 1) * width), layer.gi.subarray(row * GH, (row + 1) * GH), 1);
      if (dims.cell === 'rnn') rnnStep(kernels, layer, dims.nonlinearity, H, step);
      else if (dims.cell === 'lstm') lstmStep(kernels, layer, H, step);
      else gruStep(kernels, layer, H, step);
    }
    const y = ws.y.subarray(row * O, (row + 1) * O);
    linearHead(kernels, ws.fc, ws.fcB, top.h.subarray(row * H, (row + 1) * H), 1, dims.outputActivation, y);
    out.set(y);
    t++;
    return out;
  }

  return {
    feed,
    reset: () => {
      t = 0;
    },
    get steps() {
      return t;
    },
  };
}
