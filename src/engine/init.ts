// Initial weights: the spec's own where given, the seeded scheme for the rest.
import { createNamedRandom, type Random } from './random';
import { paramLayout, writeWeightValue, type Dims, type ParamEntry, type ParamLayout } from './params';
import type { InitScheme, ModelSpec, WeightValue } from './types';

/** Every parameter as one flat vector: explicit weights copied, missing ones drawn from `model.init`. */
export function initialParameters(model: ModelSpec, dims: Dims, layout: ParamLayout = paramLayout(dims), fallbackSeed = 0): Float64Array {
  const flat = new Float64Array(layout.size);
  const scheme: InitScheme = model.init?.scheme ?? 'pytorch';
  const seed = model.init?.seed ?? fallbackSeed;
  for (const entry of layout.entries) {
    const given = givenWeight(model, entry.name);
    if (given !== undefined) writeWeightValue(entry, given, flat);
    // A stream per parameter name: giving one weight explicitly leaves every other draw unchanged.
    else initialiseEntry(entry, scheme, dims, createNamedRandom(seed, entry.name), flat);
  }
  const forgetBias = model.init?.forgetBias;
  if (forgetBias !== undefined && model.cell !== 'rnn') openMemoryGate(model, layout, flat, forgetBias);
  return flat;
}

/** The spec's value for a weight, looked up as an own property only: the names in `weights` come from the user. */
function givenWeight(model: ModelSpec, name: string): WeightValue | undefined {
  return model.weights && Object.hasOwn(model.weights, name) ? model.weights[name] : undefined;
}

// An lstm forgets unless f ≈ 1 and a gru keeps h_{t−1} only where z ≈ 1: with both near ½ at the start the
// gradient halves at every step. Jozefowicz et al. (2015) and Keras start the forget bias at 1 instead.
// The gate is block 1 of the stacked rows in both cells (lstm i, f, g, o; gru r, z, n). Given weights win.
function openMemoryGate(model: ModelSpec, layout: ParamLayout, flat: Float64Array, bias: number): void {
  const H = model.hiddenSize;
  for (const entry of layout.entries) {
    const isBias = entry.name.startsWith('bias_ih_l') || entry.name.startsWith('bias_hh_l');
    if (!isBias || givenWeight(model, entry.name) !== undefined) continue;
    const value = entry.name.startsWith('bias_ih_l') ? bias : 0;
    flat.fill(value, entry.offset + H, entry.offset + 2 * H);
  }
}

function initialiseEntry(entry: ParamEntry, scheme: InitScheme, dims: Dims, random: Random, flat: Float64Array): void {
  const values = flat.subarray(entry.offset, entry.offset + entry.size);
  if (scheme === 'pytorch') return pytorchUniform(values, dims.hiddenSize, random);
  if (!entry.isMatrix) return; // xavier and orthogonal: biases start at zero
  if (scheme === 'orthogonal' && entry.name.startsWith('weight_hh')) {
    return orthogonalBlocks(values, dims.gateCount, dims.hiddenSize, random);
  }
  xavierUniform(values, entry.rows, entry.cols, random);
}

// θ ~ U(−1/√H, 1/√H): torch.nn.RNN/LSTM/GRU.reset_parameters; nn.Linear(H, O) has the same bound (fan_in = H).
export function pytorchUniform(values: Float64Array, hiddenSize: number, random: Random): void {
  const bound = 1 / Math.sqrt(hiddenSize);
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-bound, bound);
}

// W ~ U(−a, a), a = √(6 / (fan_in + fan_out)): Glorot & Bengio 2010, as torch.nn.init.xavier_uniform_ on the
// whole (stacked-gate) matrix, so fan_out counts every gate's rows.
export function xavierUniform(values: Float64Array, rows: number, cols: number, random: Random): void {
  const bound = Math.sqrt(6 / (rows + cols));
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-bound, bound);
}

// Each gate's H×H block of W_hh = Q of a Gaussian matrix (Saxe et al. 2014): every singular value is 1, so the
// recurrence neither grows nor shrinks a vector at the start of training.
export function orthogonalBlocks(values: Float64Array, blocks: number, H: number, random: Random): void {
  const block = new Float64Array(H * H);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < block.length; i++) block[i] = random.gaussian();
    orthonormaliseColumns(block, H);
    values.set(block, b * H * H);
  }
}

// Modified Gram–Schmidt on the columns of a square row-major matrix, in place: Q of A = QR with diag(R) > 0,
// the same sign convention as torch.nn.init.orthogonal_.
export function orthonormaliseColumns(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let projection = 0;
      for (let i = 0; i < n; i++) projection += a[i * n + k] * a[i * n + j];
      for (let i = 0; i < n; i++) a[i * n + j] -= projection * a[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * n + j] * a[i * n + j];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) a[i * n + j] /= norm;
  }
}
