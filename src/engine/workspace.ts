// Every buffer a forward + BPTT pass needs, allocated once per run (or once per training session). Each
// per-step quantity is one flat Float64Array over every sequence's steps ("rows", sequence after sequence;
// see Dataset.sequences), laid out [row · width + unit]: a handful of allocations whatever the batch and length,
// and the input projection, the head and the weight gradients become single matrix products over all rows.
// The recurrence steps every sequence at once (batch.ts); its per-step vectors have one row per sequence.
import { addSequence, createSequenceBatch, createStepRows, longestFirst, type SequenceBatch, type StepRows } from './batch';
import { prepareDataset, type Dataset } from './data';
import { initialParameters } from './init';
import { transpose } from './linalg';
import { dimsOf, paramLayout, weightViews, type Dims, type ParamLayout, type Weights } from './params';
import type { EngineSpec } from './types';

/** One recurrent layer over every row. Buffers a cell does not use have length 0. */
export interface LayerState {
  /** x_t of this layer (rows × inputWidth): the data for layer 0, the layer below's h otherwise */
  input: Float64Array;
  inputWidth: number;
  /** W_ih x_t + b_ih (rows × GH) */
  gi: Float64Array;
  h: Float64Array;
  /** LSTM: c_t and tanh(c_t) (rows × H) */
  c: Float64Array;
  tanhC: Float64Array;
  /** LSTM and GRU: gate activations (rows × GH; lstm i f g o, gru r z n) */
  gates: Float64Array;
  /** GRU: W_hn h_{t−1} + b_hn (rows × H), needed again by the backward pass */
  hiddenN: Float64Array;
  /** total dL/dh_t and dL/dc_t over every path (and every truncation window), rows × H */
  dLdh: Float64Array;
  dLdc: Float64Array;
  /** dL/d(W_ih x_t + b_ih) and dL/d(W_hh h_{t−1} + b_hh), rows × GH, summed over windows; one buffer unless GRU */
  dGi: Float64Array;
  dGh: Float64Array;
  /** dL/dh_t arriving from the layer above within one backward sweep (rows × H; unused on the top layer) */
  fromAbove: Float64Array;
  /** W_hhᵀ (H × GH) and, above layer 0, W_ihᵀ (inputWidth × GH), copied from the weights by refreshTransposes:
   *  the backward products dA W_hh and dA W_ih then run as dot products over contiguous rows, like the forward's. */
  whhT: Float64Array;
  wihT: Float64Array;
}

/** Per-step temporaries: one step's vectors, one row per sequence of the batch being stepped (S rows at most). */
export interface Scratch {
  zero: Float64Array; // H zeros: "no gradient from the head" at the steps of a truncation window without a loss term
  dhStep: Float64Array; // S × H
  dhCarry: Float64Array;
  dcStep: Float64Array;
  dcCarry: Float64Array;
  dGiStep: Float64Array; // S × GH
  dGhStep: Float64Array;
  /** every sequence, longest first: the forward pass and full BPTT step them all together */
  all: SequenceBatch;
  /** some of them, longest first: those short enough for full BPTT under truncation, or those sharing a window */
  subset: SequenceBatch;
  /** the rows of the step being taken */
  step: StepRows;
}

export interface Workspace {
  dims: Dims;
  layout: ParamLayout;
  dataset: Dataset;
  /** every parameter, flat; `weights` are views into it (edit `params` and the views follow) */
  params: Float64Array;
  grads: Float64Array;
  weights: Weights;
  gradWeights: Weights;
  layers: LayerState[];
  /** outputs after outputActivation (rows × O) */
  y: Float64Array;
  /** dL/dz_t, z being the head's pre-activation (rows × O; zero on steps without a loss term) */
  dz: Float64Array;
  /** W_fcᵀ dz_t: what the head sends into the top layer's h_t (rows × H) */
  headDh: Float64Array;
  lossTerms: Float64Array;
  scratch: Scratch;
}

export function createWorkspace(spec: EngineSpec, params?: Float64Array): Workspace {
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const initial = params ?? initialParameters(spec.model, dims, layout);
  const grads = new Float64Array(layout.size);
  const dataset = prepareDataset(spec, dims);
  const rows = dataset.rows;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const isLstm = dims.cell === 'lstm';
  const isGru = dims.cell === 'gru';
  const S = dataset.sequences.length;
  const layers: LayerState[] = [];
  for (let l = 0; l < dims.numLayers; l++) {
    const dGi = new Float64Array(rows * GH);
    layers.push({
      input: l === 0 ? dataset.inputs : layers[l - 1].h,
      inputWidth: l === 0 ? dims.inputSize : H,
      gi: new Float64Array(rows * GH),
      h: new Float64Array(rows * H),
      c: new Float64Array(isLstm ? rows * H : 0),
      tanhC: new Float64Array(isLstm ? rows * H : 0),
      gates: new Float64Array(dims.cell === 'rnn' ? 0 : rows * GH),
      hiddenN: new Float64Array(isGru ? rows * H : 0),
      dLdh: new Float64Array(rows * H),
      dLdc: new Float64Array(isLstm ? rows * H : 0),
      dGi,
      dGh: isGru ? new Float64Array(rows * GH) : dGi,
      fromAbove: new Float64Array(l < dims.numLayers - 1 ? rows * H : 0),
      whhT: new Float64Array(GH * H),
      wihT: new Float64Array(l > 0 ? GH * H : 0),
    });
  }
  const all = createSequenceBatch(S);
  for (const s of longestFirst(dataset.sequences)) addSequence(all, dataset.sequences[s].start, dataset.sequences[s].length);
  const dGiStep = new Float64Array(S * GH);
  return {
    dims,
    layout,
    dataset,
    params: initial,
    grads,
    weights: weightViews(layout, initial),
    gradWeights: weightViews(layout, grads),
    layers,
    y: new Float64Array(rows * dims.outputSize),
    dz: new Float64Array(rows * dims.outputSize),
    headDh: new Float64Array(rows * H),
    lossTerms: new Float64Array(rows),
    scratch: {
      zero: new Float64Array(H),
      dhStep: new Float64Array(S * H),
      dhCarry: new Float64Array(S * H),
      dcStep: new Float64Array(S * H),
      dcCarry: new Float64Array(S * H),
      dGiStep,
      dGhStep: isGru ? new Float64Array(S * GH) : dGiStep,
      all,
      subset: createSequenceBatch(S),
      step: createStepRows(S),
    },
  };
}

/** W_hhᵀ and W_ihᵀ from the current weights, which may have changed since the last pass (an optimiser step, a
 *  gradient check's nudge): called at the start of every forward pass, before anything reads them. */
export function refreshTransposes(ws: Workspace): void {
  const H = ws.dims.hiddenSize;
  const GH = ws.dims.gateCount * H;
  ws.layers.forEach((layer, l) => {
    const w = ws.weights.layers[l];
    transpose(w.whh, GH, H, layer.whhT);
    if (l > 0) transpose(w.wih, GH, layer.inputWidth, layer.wihT);
  });
}
