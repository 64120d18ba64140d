// Every buffer a forward + BPTT pass needs, allocated once per run (or once per training session) in flat
// [step · width + unit] layouts, with per-step row views made up front so the hot loops allocate nothing.
import { prepareDataset, type Dataset, type SequenceData } from './data';
import { initialParameters } from './init';
import { rowViews } from './linalg';
import { dimsOf, paramLayout, weightViews, type Dims, type ParamLayout, type Weights } from './params';
import type { EngineSpec } from './types';

/** A steps × width buffer and its rows. */
export interface Steps {
  flat: Float64Array;
  rows: Float64Array[];
}

export function allocateSteps(steps: number, width: number): Steps {
  const flat = new Float64Array(steps * width);
  return { flat, rows: rowViews(flat, steps, width) };
}

/** One recurrent layer over one sequence. */
export interface LayerState {
  /** x_t of this layer: the data for layer 0, the layer below's h_t otherwise */
  input: Steps;
  /** W_ih x_t + b_ih */
  gi: Steps;
  h: Steps;
  /** LSTM: c_t and tanh(c_t); LSTM and GRU: gate activations (lstm i f g o, gru r z n) */
  c?: Steps;
  tanhC?: Steps;
  gates?: Steps;
  /** GRU: W_hn h_{t−1} + b_hn, needed again by the backward pass */
  hiddenN?: Steps;
  /** total dL/dh_t and dL/dc_t over every path (and every truncation window) */
  dLdh: Steps;
  dLdc?: Steps;
  /** dL/d(W_ih x_t + b_ih) and dL/d(W_hh h_{t−1} + b_hh), summed over windows; the same buffer unless GRU */
  dGi: Steps;
  dGh: Steps;
  /** dL/dh_t arriving from the layer above within one backward sweep (unused on the top layer) */
  fromAbove: Steps;
}

export interface SequenceState {
  length: number;
  layers: LayerState[];
  /** outputs after outputActivation */
  y: Steps;
  /** dL/dz_t, z being the head's pre-activation (zero on steps without a loss term) */
  dz: Steps;
  /** W_fcᵀ dz_t: what the head sends into the top layer's h_t */
  headDh: Steps;
  lossTerms: Float64Array;
}

/** Per-step temporaries shared by every sequence (sized for the widest layer). */
export interface Scratch {
  zero: Float64Array; // H zeros: h_{−1}, c_{−1}, and "no gradient from the head" in a truncation window
  dhStep: Float64Array;
  dhCarry: Float64Array;
  dcStep: Float64Array;
  dcCarry: Float64Array;
  dGiStep: Float64Array;
  dGhStep: Float64Array;
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
  states: SequenceState[];
  scratch: Scratch;
}

export function createWorkspace(spec: EngineSpec, params?: Float64Array): Workspace {
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const initial = params ?? initialParameters(spec.model, dims, layout);
  const grads = new Float64Array(layout.size);
  const dataset = prepareDataset(spec, dims);
  const GH = dims.gateCount * dims.hiddenSize;
  const H = dims.hiddenSize;
  const dGiStep = new Float64Array(GH);
  return {
    dims,
    layout,
    dataset,
    params: initial,
    grads,
    weights: weightViews(layout, initial),
    gradWeights: weightViews(layout, grads),
    states: dataset.sequences.map((data) => allocateSequence(dims, data)),
    scratch: {
      zero: new Float64Array(H),
      dhStep: new Float64Array(H),
      dhCarry: new Float64Array(H),
      dcStep: new Float64Array(H),
      dcCarry: new Float64Array(H),
      dGiStep,
      dGhStep: dims.cell === 'gru' ? new Float64Array(GH) : dGiStep,
    },
  };
}

function allocateSequence(dims: Dims, data: SequenceData): SequenceState {
  const T = data.length;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const layers: LayerState[] = [];
  for (let l = 0; l < dims.numLayers; l++) {
    const input = l === 0 ? { flat: data.inputs, rows: rowViews(data.inputs, T, dims.inputSize) } : layers[l - 1].h;
    const dGi = allocateSteps(T, GH);
    const isLstm = dims.cell === 'lstm';
    layers.push({
      input,
      gi: allocateSteps(T, GH),
      h: allocateSteps(T, H),
      c: isLstm ? allocateSteps(T, H) : undefined,
      tanhC: isLstm ? allocateSteps(T, H) : undefined,
      gates: dims.cell === 'rnn' ? undefined : allocateSteps(T, GH),
      hiddenN: dims.cell === 'gru' ? allocateSteps(T, H) : undefined,
      dLdh: allocateSteps(T, H),
      dLdc: isLstm ? allocateSteps(T, H) : undefined,
      dGi,
      dGh: dims.cell === 'gru' ? allocateSteps(T, GH) : dGi,
      fromAbove: allocateSteps(l < dims.numLayers - 1 ? T : 0, H),
    });
  }
  const O = dims.outputSize;
  return {
    length: T,
    layers,
    y: allocateSteps(T, O),
    dz: allocateSteps(T, O),
    headDh: allocateSteps(T, H),
    lossTerms: new Float64Array(T),
  };
}
