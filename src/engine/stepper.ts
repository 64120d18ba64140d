// The model run one step at a time, for inputs that are not known in advance (sampling feeds each drawn character
// back). It uses the forward pass's own kernels on a workspace of two rows, the current step's and the previous
// one's, so a step computes exactly what forwardAll computes for that step of a sequence, and a run of any length
// takes no more memory than two steps.
import { createStepRows } from './batch';
import { affineRows } from './gemm';
import { gruStep } from './gruCell';
import { linearHead } from './head';
import { lstmStep } from './lstmCell';
import { dimsOf } from './params';
import { rnnStep } from './rnnCell';
import type { ModelSpec } from './types';
import { createWorkspace } from './workspace';

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
  const step = createStepRows(1);
  step.size = 1;
  const top = ws.layers[dims.numLayers - 1];
  let t = 0;

  function feed(index: number): Float64Array {
    const row = t % 2;
    step.rows[0] = row;
    step.prevRows[0] = 1 - row;
    step.first = t === 0;
    const x = ws.dataset.inputs;
    x.fill(0, row * I, row * I + I);
    x[row * I + index] = 1;
    ws.layers.forEach((layer, l) => {
      const w = ws.weights.layers[l];
      const width = layer.inputWidth;
      // W_ih x_t + b_ih for this row only, then the recurrence, as forwardLayer does for every row
      affineRows(w.wih, w.bih, layer.input.subarray(row * width, (row + 1) * width), width, 1, layer.gi.subarray(row * GH, (row + 1) * GH));
      if (dims.cell === 'rnn') rnnStep(w, dims.nonlinearity, layer, H, step);
      else if (dims.cell === 'lstm') lstmStep(w, layer, H, step);
      else gruStep(w, layer, H, step);
    });
    const y = ws.y.subarray(row * O, (row + 1) * O);
    linearHead(ws.weights.fcW, ws.weights.fcB, top.h.subarray(row * H, (row + 1) * H), H, 1, dims.outputActivation, y);
    t++;
    return y;
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
