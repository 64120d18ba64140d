/// <reference path="./wat.d.ts" />
// The WebAssembly kernels (f64.wat), embedded in the bundle as base64 and compiled synchronously on first use: the
// engine runs in the CLI, a Node worker_thread and a browser Web Worker alike, and none of them need a file read
// or a fetch for it. A host without WebAssembly SIMD (WebAssembly.validate says no) gets the TypeScript kernels.
import f64Module from './f64.wat';
import type { Kernels } from './kernels';
import type { PackedMatrix } from './packed';
import { addOuterProductsReference, multiplyRowsReference } from './reference';
import { webAssembly, type WasmMemory } from './webassembly';

interface F64Exports {
  mul_rows(m: number, rows: number, cols: number, x: number, xRows: number, y: number, yRows: number, n: number, add: number): void;
  add_outer(c: number, rows: number, cols: number, a: number, aStride: number, b: number, bStride: number, count: number): void;
}

let compiled: object | null | undefined;

/** The compiled module, once per thread; null without WebAssembly or its SIMD. */
function kernelModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = webAssembly();
  try {
    if (wasm && typeof atob === 'function') {
      const bytes = Uint8Array.from(atob(f64Module), (c) => c.charCodeAt(0));
      if (wasm.validate(bytes)) compiled = new wasm.Module(bytes);
    }
  } catch {
    compiled = null; // a host that forbids compiling (a strict Content-Security-Policy): the TypeScript kernels
  }
  return compiled;
}

/** Whether this host can run the WebAssembly kernels (compiling them on first call). */
export function webAssemblyKernelsAvailable(): boolean {
  return kernelModule() !== null;
}

/** Kernels bound to one memory; null when WebAssembly SIMD is not available here. */
export function instantiateKernels(memory: WasmMemory): Kernels | null {
  const module = kernelModule();
  const wasm = webAssembly();
  if (!module || !wasm) return null;
  const k = new wasm.Instance(module, { env: { memory } }).exports as unknown as F64Exports;
  const buffer = memory.buffer;
  // A view on another buffer (a caller's own array) cannot be reached from WebAssembly: that call takes the reference.
  const here = (a: Float64Array | Int32Array | null) => a === null || a.buffer === buffer;
  const multiply = (m: PackedMatrix, X: Float64Array, xRows: Int32Array | null, Y: Float64Array, yRows: Int32Array | null, n: number, add: boolean) => {
    if (n <= 0) return;
    if (m.cols === 0 || !(here(m.panels) && here(X) && here(Y) && here(xRows) && here(yRows))) {
      multiplyRowsReference(m, X, xRows, Y, yRows, n, add);
      return;
    }
    k.mul_rows(m.panels.byteOffset, m.rows, m.cols, X.byteOffset, xRows ? xRows.byteOffset : 0, Y.byteOffset, yRows ? yRows.byteOffset : 0, n, add ? 1 : 0);
  };
  return {
    kind: 'webassembly',
    multiplyRows: (m, X, xRows, Y, yRows, n) => multiply(m, X, xRows, Y, yRows, n, false),
    multiplyAddRows: (m, X, xRows, Y, yRows, n) => multiply(m, X, xRows, Y, yRows, n, true),
    addOuterProducts(C, rows, cols, A, aRow, B, bRow, count) {
      if (count <= 0 || rows === 0 || cols === 0) return;
      if (!(here(C) && here(A) && here(B))) {
        addOuterProductsReference(C, rows, cols, A, aRow, B, bRow, count);
        return;
      }
      k.add_outer(C.byteOffset, rows, cols, A.byteOffset + 8 * aRow * rows, 8 * rows, B.byteOffset + 8 * bRow * cols, 8 * cols, count);
    },
  };
}
