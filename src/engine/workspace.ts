// Every buffer a forward + BPTT pass needs, allocated once per workspace and reused by every pass over it (a
// training session's epochs, a preview's runs; see reuse below). Each per-step quantity is one flat array over
// every sequence's steps ("rows", sequence after sequence; see Dataset.sequences), laid out [row · width + unit]:
// a handful of allocations whatever the batch and length, and the input projection, the head and the weight
// gradients become single matrix products over all rows. The recurrence steps every sequence at once (batch.ts);
// its per-step vectors have one row per sequence. The buffers live in the kernels' memory (kernels/arena.ts).
import { addSequence, createSequenceBatch, createStepRows, longestFirst, type SequenceBatch, type StepRows } from './batch';
import { prepareDataset, type Dataset } from './data';
import { initialParameters } from './init';
import { heapArena, measuringArena, releaseArena, wasmArena, type Arena } from './kernels/arena';
import { kernelScratchLength, kernelsFor, typescriptKernels, type KernelChoice, type Kernels } from './kernels/kernels';
import { createPacked, packRows, packTransposed, type PackedMatrix } from './kernels/packed';
import { webAssemblyKernelsAvailable } from './kernels/wasm';
import { LANES, type JacobianScratch } from './jacobian';
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
  /** W_ih and W_hh packed for the forward products W x, and transposed for the backward ones Wᵀ δ (W_ihᵀ only
   *  above layer 0, where dL/dx_t is the layer below's dL/dh_t); refreshed from the weights by packWeights. */
  wih: PackedMatrix;
  whh: PackedMatrix;
  whhT: PackedMatrix;
  wihT: PackedMatrix | null;
  /** b_ih, copied from the parameters by packWeights, for W_ih x + b_ih */
  bih: Float64Array;
  /** b_hh, copied from the parameters by packWeights: the cells add it after W_hh h_{t−1} (the GRU's n gate needs
   *  it apart from W_hh h) */
  bhh: Float64Array;
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
  /** the matrix products, bound to this workspace's buffers */
  kernels: Kernels;
  /** where the buffers live (releaseWorkspace gives it back) */
  arena: Arena;
  /** every parameter, flat; `weights` are views into it (edit `params` and the views follow) */
  params: Float64Array;
  grads: Float64Array;
  weights: Weights;
  gradWeights: Weights;
  layers: LayerState[];
  /** W_fc packed for y = W_fc h, and W_fcᵀ for the head's share of dL/dh = W_fcᵀ dz; b_fc copied */
  fc: PackedMatrix;
  fcT: PackedMatrix;
  fcB: Float64Array;
  /** outputs after outputActivation (rows × O) */
  y: Float64Array;
  /** dL/dz_t, z being the head's pre-activation (rows × O; zero on steps without a loss term) */
  dz: Float64Array;
  /** W_fcᵀ dz_t: what the head sends into the top layer's h_t (rows × H) */
  headDh: Float64Array;
  lossTerms: Float64Array;
  scratch: Scratch;
  /** power iteration's vectors for the step-Jacobian norms */
  jacobian: JacobianScratch;
}

export interface WorkspaceOptions {
  /** Which matrix kernels: WebAssembly SIMD where the host has it (the default), or the TypeScript reference. */
  kernels?: KernelChoice;
}

export function createWorkspace(spec: EngineSpec, params?: Float64Array, options: WorkspaceOptions = {}): Workspace {
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const initial = params ?? initialParameters(spec.model, dims, layout);
  const dataset = prepareDataset(spec, dims);
  const measuring = measuringArena();
  allocate(dims, layout, dataset, measuring);
  const wasm = options.kernels !== 'typescript' && webAssemblyKernelsAvailable() ? wasmArena(measuring.bytes) : null;
  const arena = wasm ?? heapArena();
  const buffers = allocate(dims, layout, dataset, arena);
  // The data is the layer-0 input of the W_ih products: it goes where the kernels can read it.
  buffers.inputs.set(dataset.inputs);
  dataset.inputs = buffers.inputs;
  for (const s of longestFirst(dataset.sequences)) addSequence(buffers.scratch.all, dataset.sequences[s].start, dataset.sequences[s].length);
  const weights = weightViews(layout, initial);
  return {
    dims,
    layout,
    dataset,
    kernels: wasm ? kernelsFor(wasm, buffers.kernelScratch) : typescriptKernels,
    arena,
    params: initial,
    grads: buffers.grads,
    weights,
    gradWeights: weightViews(layout, buffers.grads),
    layers: buffers.layers,
    fc: buffers.fc,
    fcT: buffers.fcT,
    fcB: buffers.fcB,
    y: buffers.y,
    dz: buffers.dz,
    headDh: buffers.headDh,
    lossTerms: buffers.lossTerms,
    scratch: buffers.scratch,
    jacobian: buffers.jacobian,
  };
}

/** The workspace is done with (its results are copied out): its memory may serve the next workspace, so none of
 *  its buffers may be read or written again. Optional; a workspace that is simply dropped is garbage-collected. */
export function releaseWorkspace(ws: Workspace): void {
  releaseArena(ws.arena);
}

/** Every buffer of a workspace, from `arena`; run once to measure and once to allocate, so it only allocates. */
function allocate(dims: Dims, layout: ParamLayout, dataset: Dataset, arena: Arena) {
  const rows = dataset.rows;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const O = dims.outputSize;
  const isLstm = dims.cell === 'lstm';
  const isGru = dims.cell === 'gru';
  const S = dataset.sequences.length;
  // the widest weight gradient: W_ih (inputSize or H columns), W_hh and W_fc (H)
  const kernelScratch = arena.f64(kernelScratchLength(Math.max(dims.inputSize, H)));
  const inputs = arena.f64(rows * dims.inputSize);
  const layers: LayerState[] = [];
  for (let l = 0; l < dims.numLayers; l++) {
    const inputWidth = l === 0 ? dims.inputSize : H;
    const dGi = arena.f64(rows * GH);
    layers.push({
      input: l === 0 ? inputs : layers[l - 1].h,
      inputWidth,
      gi: arena.f64(rows * GH),
      h: arena.f64(rows * H),
      c: arena.f64(isLstm ? rows * H : 0),
      tanhC: arena.f64(isLstm ? rows * H : 0),
      gates: arena.f64(dims.cell === 'rnn' ? 0 : rows * GH),
      hiddenN: arena.f64(isGru ? rows * H : 0),
      dLdh: arena.f64(rows * H),
      dLdc: arena.f64(isLstm ? rows * H : 0),
      dGi,
      dGh: isGru ? arena.f64(rows * GH) : dGi,
      fromAbove: arena.f64(l < dims.numLayers - 1 ? rows * H : 0),
      wih: createPacked(arena, GH, inputWidth),
      whh: createPacked(arena, GH, H),
      whhT: createPacked(arena, H, GH),
      wihT: l > 0 ? createPacked(arena, inputWidth, GH) : null,
      bih: arena.f64(GH),
      bhh: arena.f64(GH),
    });
  }
  const dGiStep = arena.f64(S * GH);
  const lanes = Math.max(1, Math.min(LANES, dataset.maxLength));
  return {
    kernelScratch,
    inputs,
    layers,
    grads: arena.f64(layout.size),
    fc: createPacked(arena, O, H),
    fcT: createPacked(arena, H, O),
    fcB: arena.f64(O),
    y: arena.f64(rows * O),
    dz: arena.f64(rows * O),
    headDh: arena.f64(rows * H),
    lossTerms: arena.f64(rows),
    scratch: {
      zero: arena.f64(H),
      dhStep: arena.f64(S * H),
      dhCarry: arena.f64(S * H),
      dcStep: arena.f64(S * H),
      dcCarry: arena.f64(S * H),
      dGiStep,
      dGhStep: isGru ? arena.f64(S * GH) : dGiStep,
      all: createSequenceBatch(S),
      subset: createSequenceBatch(S),
      step: createStepRows(S, arena),
    },
    jacobian: {
      v: arena.f64(lanes * H),
      jv: arena.f64(lanes * H),
      jtu: arena.f64(lanes * H),
      gates: arena.f64(lanes * GH),
      gates2: arena.f64(lanes * GH),
      cells: arena.f64(lanes * H),
      zero: arena.f64(lanes * H),
      step: createStepRows(lanes, arena),
      sigma: new Float64Array(lanes),
      settled: new Uint8Array(lanes),
    },
  };
}

/** The packed weight matrices from the current weights, which may have changed since the last pass (an optimiser
 *  step, a gradient check's nudge): called at the start of every forward pass, before anything reads them. */
export function packWeights(ws: Workspace): void {
  ws.layers.forEach((layer, l) => {
    const w = ws.weights.layers[l];
    packRows(w.wih, layer.wih);
    packRows(w.whh, layer.whh);
    packTransposed(w.whh, layer.whhT);
    if (layer.wihT) packTransposed(w.wih, layer.wihT);
    layer.bih.set(w.bih);
    layer.bhh.set(w.bhh);
  });
  packRows(ws.weights.fcW, ws.fc);
  packTransposed(ws.weights.fcW, ws.fcT);
  ws.fcB.set(ws.weights.fcB);
}
