// Where a workspace's buffers live. With WebAssembly, in one WebAssembly.Memory sized once for the whole
// workspace, so the kernels read and write them in place (no copies); the typed arrays the rest of the engine
// uses are views of that memory, which never grows (growing would detach them). Without WebAssembly, ordinary
// typed arrays. Sizes are known before anything is allocated: a workspace is planned once with a measuring
// arena (zero-length arrays that only count bytes), then allocated for real.
import { webAssembly, type WasmMemory } from './webassembly';

export interface Arena {
  /** the memory the views are on; null for ordinary typed arrays */
  readonly memory: WasmMemory | null;
  f64(length: number): Float64Array;
  f32(length: number): Float32Array;
  i32(length: number): Int32Array;
}

/** Every buffer starts on a cache line; v128 loads also want 16-byte alignment. */
const ALIGN = 64;
/** Addresses below this are no buffer's: the kernels read 0 as "no row map", and from 64 the cell kernels keep their
 *  constants (cells64.wat and cells32.wat write them there when they are instantiated on the memory). */
const RESERVED = 512;
const PAGE = 65536;
/** wasm32 addresses 4 GiB at most, and some hosts allow less: above this, ordinary arrays. */
const MAX_WASM_BYTES = 2 ** 31;

const aligned = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

/** Counts the bytes a plan asks for; its arrays are empty. */
export function measuringArena(): Arena & { readonly bytes: number } {
  let bytes = RESERVED;
  return {
    memory: null,
    get bytes() {
      return bytes + ALIGN; // and a line past the last buffer: a vector load of an odd row's last unit reads 8 bytes beyond it
    },
    f64(length) {
      bytes += aligned(8 * length);
      return new Float64Array(0);
    },
    f32(length) {
      bytes += aligned(4 * length);
      return new Float32Array(0);
    },
    i32(length) {
      bytes += aligned(4 * length);
      return new Int32Array(0);
    },
  };
}

/** Ordinary typed arrays. */
export function heapArena(): Arena {
  return { memory: null, f64: (length) => new Float64Array(length), f32: (length) => new Float32Array(length), i32: (length) => new Int32Array(length) };
}

/** One WebAssembly.Memory of at least `bytes` (as measured), carved in order; null when it cannot be had. */
export function wasmArena(bytes: number): Arena | null {
  const memory = takeMemory(bytes);
  if (!memory) return null;
  const buffer = memory.buffer;
  let next = RESERVED;
  const take = (size: number) => {
    const at = next;
    next += aligned(size);
    if (next > buffer.byteLength) throw new Error('engine: arena overflow (the plan and the allocation differ)');
    return at;
  };
  return {
    memory,
    f64: (length) => new Float64Array(buffer, take(8 * length), length),
    f32: (length) => new Float32Array(buffer, take(4 * length), length),
    i32: (length) => new Int32Array(buffer, take(4 * length), length),
  };
}

// A memory given back by a finished workspace (releaseArena), kept for the next one. A fresh WebAssembly.Memory is
// fresh pages from the operating system, and touching each the first time costs: about 7 ms per MB measured on a
// shared virtual machine (30 µs a page), against 0.1 ms per MB to clear a reused one. The preview runs a new
// workspace on every keystroke, so it takes this one.
let spare: WasmMemory | null = null;
/** larger memories are returned to the system rather than kept */
const MAX_SPARE_BYTES = 2 ** 28;

function takeMemory(bytes: number): WasmMemory | null {
  const wasm = webAssembly();
  if (!wasm || bytes > MAX_WASM_BYTES) return null;
  const reused = spare;
  spare = null;
  if (reused) {
    try {
      const old = reused.buffer.byteLength;
      if (old < bytes) reused.grow(Math.ceil((bytes - old) / PAGE));
      new Uint8Array(reused.buffer, 0, Math.min(old, bytes)).fill(0); // the grown part is zero already
      return reused;
    } catch {
      // could not grow: a new one below
    }
  }
  try {
    return new wasm.Memory({ initial: Math.ceil(bytes / PAGE) });
  } catch {
    return null; // the host refused the address space: ordinary arrays still work
  }
}

/** The arena's buffers will not be used again (their workspace is done): its memory may serve the next arena. */
export function releaseArena(arena: Arena): void {
  const memory = arena.memory;
  if (!memory || memory.buffer.byteLength > MAX_SPARE_BYTES) return;
  if (!spare || spare.buffer.byteLength < memory.buffer.byteLength) spare = memory;
}
