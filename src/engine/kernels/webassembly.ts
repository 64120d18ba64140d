// The few WebAssembly JavaScript APIs the kernels use, typed here: the engine is compiled with the ES library only
// (no DOM), and the same code runs in Node and in browsers, which both provide the global `WebAssembly`.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** adds pages (64 KiB each); returns the old size in pages; the old buffer is detached */
  grow(pages: number): number;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env?: { memory: WasmMemory } }) => { exports: object };
  validate(bytes: Uint8Array): boolean;
}

/** The host's WebAssembly, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}
