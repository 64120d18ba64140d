// The WebAssembly kernels (f64.wat and f32.wat: the matrix products; cells64.wat and cells32.wat: the cells'
// elementwise work), embedded in the
// bundle as base64 and compiled synchronously on first use: the engine runs in the CLI, a Node worker_thread and a
// browser Web Worker alike, and none of them need a file read or a fetch for it. A host without WebAssembly SIMD
// (WebAssembly.validate says no) gets the TypeScript kernels.
import cells32Module from './cells32.wat';
import cellsModule from './cells64.wat';
import matrix32Module from './f32.wat';
import matrixModule from './f64.wat';
import type { Kernels } from './kernels';
import type { Precision, Real } from '../real';
import type { PackedMatrix } from './packed';
import { webAssembly, type WasmMemory } from './webassembly';

interface MatrixExports {
  mul_rows(m: number, rows: number, cols: number, x: number, xRows: number, y: number, yRows: number, n: number, add: number, bias: number): void;
  add_outer(c: number, rows: number, cols: number, a: number, aStride: number, b: number, bStride: number, count: number, scratch: number, scratchBytes: number): void;
}

interface CellExports {
  step_gradient(source: number, carry: number, dh: number, total: number, rows: number, n: number, H: number): void;
  add_to_rows(y: number, rows: number, x: number, n: number, width: number): void;
  add_rows(y: number, a: number, count: number, width: number): void;
  apply(src: number, dst: number, count: number, f: number): void;
  rnn_forward(h: number, gi: number, bhh: number, rows: number, n: number, H: number, first: number, f: number): void;
  rnn_backward(h: number, rows: number, n: number, H: number, dh: number, da: number, f: number): void;
  lstm_forward(gates: number, gi: number, bhh: number, c: number, tanhC: number, h: number, rows: number, prevRows: number, n: number, H: number): void;
  lstm_backward(
    gates: number, c: number, tanhC: number, rows: number, prevRows: number, n: number, H: number,
    dh: number, dcNext: number, dGates: number, dc: number, dcPrev: number,
  ): void;
}

/** cells64.wat's code for each nonlinearity */
const NONLINEARITY = { tanh: 1, sigmoid: 2, relu: 3, identity: 4 } as const;

interface Modules {
  matrix: object;
  matrix32: object;
  cells: object;
  cells32: object;
}

let compiled: Modules | null | undefined;

/** The compiled modules, once per thread; null without WebAssembly or its SIMD. */
function kernelModules(): Modules | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = webAssembly();
  try {
    if (wasm && typeof atob === 'function') {
      const texts = { matrix: matrixModule, matrix32: matrix32Module, cells: cellsModule, cells32: cells32Module };
      const bytes = Object.entries(texts).map(([name, text]) => [name, Uint8Array.from(atob(text), (c) => c.charCodeAt(0))] as const);
      if (bytes.every(([, b]) => wasm.validate(b))) compiled = Object.fromEntries(bytes.map(([name, b]) => [name, new wasm.Module(b)])) as unknown as Modules;
    }
  } catch {
    compiled = null; // a host that forbids compiling (a strict Content-Security-Policy): the TypeScript kernels
  }
  return compiled;
}

/** Whether this host can run the WebAssembly kernels (compiling them on first call). */
export function webAssemblyKernelsAvailable(): boolean {
  return kernelModules() !== null;
}

/** Kernels bound to one memory; null when WebAssembly SIMD is not available here. `scratch` (in that memory) is
 *  where add_outer packs its blocks: KC_SCRATCH_ROWS · (cols + 4) numbers serve products up to cols columns at full
 *  speed. `reference` takes any call whose arrays are not all in that memory. */
export function instantiateKernels(memory: WasmMemory, scratch: Real, reference: Kernels, precision: Precision): Kernels | null {
  const modules = kernelModules();
  const wasm = webAssembly();
  if (!modules || !wasm) return null;
  const imports = { env: { memory } };
  const single = precision === 'float32';
  const matrix = new wasm.Instance(single ? modules.matrix32 : modules.matrix, imports).exports as unknown as MatrixExports;
  const cells = new wasm.Instance(single ? modules.cells32 : modules.cells, imports).exports as unknown as CellExports;
  return bind(matrix, cells, memory, scratch, reference);
}

/** r's per block in add_outer at best; below a sixteenth of that the reference is as fast */
export const KC_SCRATCH_ROWS = 128;

/** The raw elementwise functions (float64), for the tests: dst = f(src), f = 0 exp, 1 tanh, 2 σ, 3 relu, over `count` numbers. */
export function webAssemblyActivations(memory: WasmMemory): ((src: number, dst: number, count: number, f: number) => void) | null {
  const modules = kernelModules();
  const wasm = webAssembly();
  if (!modules || !wasm) return null;
  return (new wasm.Instance(modules.cells, { env: { memory } }).exports as unknown as CellExports).apply;
}

function bind(m: MatrixExports, cells: CellExports, memory: WasmMemory, scratch: Real, reference: Kernels): Kernels {
  // A view on another buffer (a caller's own array) cannot be reached from WebAssembly: that call takes the
  // reference. (memory.buffer is read each time: growing the memory replaces it.)
  const here = (a: Real | Int32Array | null) => a === null || a.buffer === memory.buffer;
  const at = (a: Real | Int32Array) => a.byteOffset;
  const multiply = (p: PackedMatrix, X: Real, xRows: Int32Array | null, Y: Real, yRows: Int32Array | null, n: number, add: boolean) => {
    if (n <= 0) return;
    if (p.cols === 0 || !(here(p.panels) && here(X) && here(Y) && here(xRows) && here(yRows))) {
      (add ? reference.multiplyAddRows : reference.multiplyRows)(p, X, xRows, Y, yRows, n);
      return;
    }
    m.mul_rows(at(p.panels), p.rows, p.cols, at(X), xRows ? at(xRows) : 0, at(Y), yRows ? at(yRows) : 0, n, add ? 1 : 0, 0);
  };
  const matrix: Kernels = {
    ...reference,
    kind: 'webassembly',
    multiplyRows: (p, X, xRows, Y, yRows, n) => multiply(p, X, xRows, Y, yRows, n, false),
    multiplyAddRows: (p, X, xRows, Y, yRows, n) => multiply(p, X, xRows, Y, yRows, n, true),
    affineRows(p, b, X, Y, n) {
      if (n <= 0) return;
      if (p.cols === 0 || !(here(p.panels) && here(b) && here(X) && here(Y))) return reference.affineRows(p, b, X, Y, n);
      m.mul_rows(at(p.panels), p.rows, p.cols, at(X), 0, at(Y), 0, n, 0, at(b));
    },
    addOuterProducts(C, rows, cols, A, aRow, B, bRow, count) {
      if (count <= 0 || rows === 0 || cols === 0) return;
      const roomy = scratch.length >= (KC_SCRATCH_ROWS / 16) * (cols + 4) && here(scratch);
      if (!(roomy && here(C) && here(A) && here(B))) return reference.addOuterProducts(C, rows, cols, A, aRow, B, bRow, count);
      const bytes = C.BYTES_PER_ELEMENT;
      m.add_outer(at(C), rows, cols, at(A) + bytes * aRow * rows, bytes * rows, at(B) + bytes * bRow * cols, bytes * cols, count, at(scratch), scratch.byteLength);
    },
  };
  const c = cells;
  return {
    ...matrix,
    rnnActivation(b, nonlinearity, H, step) {
      if (!(here(b.h) && here(b.gi) && here(b.bhh) && here(step.rows))) return reference.rnnActivation(b, nonlinearity, H, step);
      c.rnn_forward(at(b.h), at(b.gi), at(b.bhh), at(step.rows), step.size, H, step.first ? 1 : 0, NONLINEARITY[nonlinearity]);
    },
    rnnActivationBackward(b, nonlinearity, H, step, dh, da) {
      if (!(here(b.h) && here(step.rows) && here(dh) && here(da))) return reference.rnnActivationBackward(b, nonlinearity, H, step, dh, da);
      c.rnn_backward(at(b.h), at(step.rows), step.size, H, at(dh), at(da), NONLINEARITY[nonlinearity]);
    },
    lstmGates(b, H, step) {
      if (!(here(b.gates) && here(b.gi) && here(b.bhh) && here(b.c) && here(b.tanhC) && here(b.h) && here(step.rows) && here(step.prevRows))) {
        return reference.lstmGates(b, H, step);
      }
      c.lstm_forward(at(b.gates), at(b.gi), at(b.bhh), at(b.c), at(b.tanhC), at(b.h), at(step.rows), at(step.prevRows), step.size, H);
    },
    lstmGatesBackward(b, H, step, dh, dcNext, dGates, dc, dcPrev) {
      const inMemory = here(b.gates) && here(b.c) && here(b.tanhC) && here(step.rows) && here(step.prevRows);
      if (!(inMemory && here(dh) && here(dcNext) && here(dGates) && here(dc) && here(dcPrev))) {
        return reference.lstmGatesBackward(b, H, step, dh, dcNext, dGates, dc, dcPrev);
      }
      c.lstm_backward(at(b.gates), at(b.c), at(b.tanhC), at(step.rows), at(step.prevRows), step.size, H, at(dh), at(dcNext), at(dGates), at(dc), at(dcPrev));
    },
    stepGradient(source, carry, dh, total, step, H) {
      if (!(here(source) && here(carry) && here(dh) && here(total) && here(step.rows))) return reference.stepGradient(source, carry, dh, total, step, H);
      c.step_gradient(source ? at(source) : 0, at(carry), at(dh), at(total), at(step.rows), step.size, H);
    },
    addToRows(Y, yRows, X, n, width) {
      if (!(here(Y) && here(yRows) && here(X))) return reference.addToRows(Y, yRows, X, n, width);
      c.add_to_rows(at(Y), at(yRows), at(X), n, width);
    },
    addRows(y, A, count) {
      if (!(here(y) && here(A))) return reference.addRows(y, A, count);
      c.add_rows(at(y), at(A), count, y.length);
    },
  };
}
