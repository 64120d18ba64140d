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
import { kernelScratchLength, kernelsFor, referenceKernels, type KernelChoice, type Kernels } from './kernels/kernels';
import { createPacked, packRows, packTransposed, type PackedMatrix } from './kernels/packed';
import { webAssemblyKernelsAvailable } from './kernels/wasm';
import { LANES, type JacobianScratch } from './jacobian';
import { dimsOf, paramLayout, weightViews, type Dims, type ParamLayout, type Weights } from './params';
import type { Precision, Real } from './real';
import type { EngineSpec } from './types';

/** One recurrent layer over every row. Buffers a cell does not use have length 0. */
export interface LayerState {
  /** x_t of this layer (rows × inputWidth): the data for layer 0, the layer below's h otherwise */
  input: Real;
  inputWidth: number;
  /** W_ih x_t + b_ih (rows × GH) */
  gi: Real;
  h: Real;
  /** LSTM: c_t and tanh(c_t) (rows × H) */
  c: Real;
  tanhC: Real;
  /** LSTM and GRU: gate activations (rows × GH; lstm i f g o, gru r z n) */
  gates: Real;
  /** GRU: W_hn h_{t−1} + b_hn (rows × H), needed again by the backward pass */
  hiddenN: Real;
  /** total dL/dh_t and dL/dc_t over every path (and every truncation window), rows × H */
  dLdh: Real;
  dLdc: Real;
  /** dL/d(W_ih x_t + b_ih) and dL/d(W_hh h_{t−1} + b_hh), rows × GH, summed over windows; one buffer unless GRU */
  dGi: Real;
  dGh: Real;
  /** dL/dh_t arriving from the layer above within one backward sweep (rows × H; unused on the top layer) */
  fromAbove: Real;
  /** W_ih and W_hh packed for the forward products W x, and transposed for the backward ones Wᵀ δ (W_ihᵀ only
   *  above layer 0, where dL/dx_t is the layer below's dL/dh_t); refreshed from the weights by packWeights. */
  wih: PackedMatrix;
  whh: PackedMatrix;
  whhT: PackedMatrix;
  wihT: PackedMatrix | null;
  /** b_ih, copied from the parameters by packWeights, for W_ih x + b_ih */
  bih: Real;
  /** b_hh, copied from the parameters by packWeights: the cells add it after W_hh h_{t−1} (the GRU's n gate needs
   *  it apart from W_hh h) */
  bhh: Real;
}

/** Per-step temporaries: one step's vectors, one row per sequence of the batch being stepped (S rows at most). */
export interface Scratch {
  dhStep: Real; // S × H
  dhCarry: Real;
  dcStep: Real;
  dcCarry: Real;
  dGiStep: Real; // S × GH
  dGhStep: Real;
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
  /** the matrix products, bound to this workspace's buffers and precision */
  kernels: Kernels;
  /** where the buffers live (releaseWorkspace gives it back) */
  arena: Arena;
  /** every parameter, flat; `weights` are views into it (edit `params` and the views follow). float64 always: in
   *  float32 the matrices are rounded when packed, and the update stays exact. */
  params: Float64Array;
  /** dL/dθ, flat, float64 (filled from gradsReal at the end of backwardAll when the precision is float32) */
  grads: Float64Array;
  /** dL/dθ as the kernels accumulate it, in the workspace's precision (the same array as grads in float64) */
  gradsReal: Real;
  precision: Precision;
  weights: Weights;
  gradWeights: Weights<Real>;
  layers: LayerState[];
  /** W_fc packed for y = W_fc h, and W_fcᵀ for the head's share of dL/dh = W_fcᵀ dz; b_fc copied */
  fc: PackedMatrix;
  fcT: PackedMatrix;
  fcB: Real;
  /** outputs after outputActivation (rows × O) */
  y: Real;
  /** dL/dz_t, z being the head's pre-activation (rows × O; zero on steps without a loss term) */
  dz: Real;
  /** W_fcᵀ dz_t: what the head sends into the top layer's h_t (rows × H) */
  headDh: Real;
  lossTerms: Float64Array;
  scratch: Scratch;
  /** power iteration's vectors for the step-Jacobian norms */
  jacobian: JacobianScratch;
}

export interface WorkspaceOptions {
  /** Which matrix kernels: WebAssembly SIMD where the host has it (the default), or the TypeScript reference. */
  kernels?: KernelChoice;
  /** float64 (the default, exact) or float32 (training speed, not bit-exact; see real.ts) */
  precision?: Precision;
}

export function createWorkspace(spec: EngineSpec, params?: Float64Array, options: WorkspaceOptions = {}): Workspace {
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const initial = params ?? initialParameters(spec.model, dims, layout);
  const dataset = prepareDataset(spec, dims);
  const precision = options.precision ?? 'float64';
  const measuring = measuringArena();
  allocate(dims, layout, dataset, measuring, precision);
  const wasm = options.kernels !== 'typescript' && webAssemblyKernelsAvailable() ? wasmArena(measuring.bytes) : null;
  const arena = wasm ?? heapArena();
  const buffers = allocate(dims, layout, dataset, arena, precision);
  // The data is the layer-0 input of the W_ih products: it goes where the kernels can read it.
  buffers.inputs.set(dataset.inputs);
  for (const s of longestFirst(dataset.sequences)) addSequence(buffers.scratch.all, dataset.sequences[s].start, dataset.sequences[s].length);
  const weights = weightViews(layout, initial);
  return {
    dims,
    layout,
    dataset,
    kernels: wasm ? kernelsFor(wasm, buffers.kernelScratch, precision) : referenceKernels(precision),
    arena,
    precision,
    params: initial,
    grads: buffers.gradsReal instanceof Float64Array ? buffers.gradsReal : new Float64Array(layout.size),
    gradsReal: buffers.gradsReal,
    weights,
    gradWeights: weightViews(layout, buffers.gradsReal),
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

/** Puts another data set of the same shape into `ws` (the same model; the same number of sequences with the same
 *  lengths, in order): a trainer stepping through minibatches keeps one workspace, and its memory, for all of
 *  them. Returns false, changing nothing, when the shape differs (then create a workspace for it). */
export function loadData(ws: Workspace, spec: EngineSpec): boolean {
  const dataset = prepareDataset(spec, ws.dims);
  const before = ws.dataset.sequences;
  if (dataset.sequences.length !== before.length || dataset.sequences.some((s, i) => s.length !== before[i].length)) return false;
  ws.layers[0].input.set(dataset.inputs);
  ws.dataset = dataset;
  return true;
}

/** The workspace is done with (its results are copied out): its memory may serve the next workspace, so none of
 *  its buffers may be read or written again. Optional; a workspace that is simply dropped is garbage-collected. */
export function releaseWorkspace(ws: Workspace): void {
  releaseArena(ws.arena);
}

/** Every buffer of a workspace, from `arena`; run once to measure and once to allocate, so it only allocates. */
function allocate(dims: Dims, layout: ParamLayout, dataset: Dataset, arena: Arena, precision: Precision) {
  const real = precision === 'float32' ? arena.f32 : arena.f64;
  const rows = dataset.rows;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const O = dims.outputSize;
  const isLstm = dims.cell === 'lstm';
  const isGru = dims.cell === 'gru';
  const S = dataset.sequences.length;
  // the widest weight gradient: W_ih (inputSize or H columns), W_hh and W_fc (H)
  const kernelScratch = real(kernelScratchLength(Math.max(dims.inputSize, H)));
  const inputs = real(rows * dims.inputSize);
  const layers: LayerState[] = [];
  for (let l = 0; l < dims.numLayers; l++) {
    const inputWidth = l === 0 ? dims.inputSize : H;
    const dGi = real(rows * GH);
    layers.push({
      input: l === 0 ? inputs : layers[l - 1].h,
      inputWidth,
      gi: real(rows * GH),
      h: real(rows * H),
      c: real(isLstm ? rows * H : 0),
      tanhC: real(isLstm ? rows * H : 0),
      gates: real(dims.cell === 'rnn' ? 0 : rows * GH),
      hiddenN: real(isGru ? rows * H : 0),
      dLdh: real(rows * H),
      dLdc: real(isLstm ? rows * H : 0),
      dGi,
      dGh: isGru ? real(rows * GH) : dGi,
      fromAbove: real(l < dims.numLayers - 1 ? rows * H : 0),
      wih: createPacked(arena, GH, inputWidth, precision),
      whh: createPacked(arena, GH, H, precision),
      whhT: createPacked(arena, H, GH, precision),
      wihT: l > 0 ? createPacked(arena, inputWidth, GH, precision) : null,
      bih: real(GH),
      bhh: real(GH),
    });
  }
  const dGiStep = real(S * GH);
  const lanes = Math.max(1, Math.min(LANES, dataset.maxLength));
  return {
    kernelScratch,
    inputs,
    layers,
    gradsReal: real(layout.size),
    fc: createPacked(arena, O, H, precision),
    fcT: createPacked(arena, H, O, precision),
    fcB: real(O),
    y: real(rows * O),
    dz: real(rows * O),
    headDh: real(rows * H),
    lossTerms: arena.f64(rows),
    scratch: {
      dhStep: real(S * H),
      dhCarry: real(S * H),
      dcStep: real(S * H),
      dcCarry: real(S * H),
      dGiStep,
      dGhStep: isGru ? real(S * GH) : dGiStep,
      all: createSequenceBatch(S),
      subset: createSequenceBatch(S),
      step: createStepRows(S, arena),
    },
    jacobian: {
      v: real(lanes * H),
      jv: real(lanes * H),
      jtu: real(lanes * H),
      gates: real(lanes * GH),
      gates2: real(lanes * GH),
      cells: real(lanes * H),
      zero: real(lanes * H),
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
