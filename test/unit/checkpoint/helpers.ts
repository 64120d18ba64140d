// Fixture access for the checkpoint tests: the files make.py wrote, what PyTorch says they hold, and a small
// safetensors writer for models too big to commit.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHECKPOINTS = resolve(__dirname, '../../fixtures/checkpoints');

export interface ExpectedTensor {
  dtype: string;
  shape: number[];
  values: unknown;
}

/** expected.json: file → tensor name → dtype, shape and the exact float64 values PyTorch holds. */
export function expectedTensors(): Record<string, Record<string, ExpectedTensor>> {
  return JSON.parse(readFileSync(join(CHECKPOINTS, 'expected.json'), 'utf8')) as Record<string, Record<string, ExpectedTensor>>;
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CHECKPOINTS, name)));
}

/** A .safetensors file of float32 or float64 tensors, laid out as the format says. */
export function safetensorsBytes(tensors: Record<string, { shape: number[]; values: ArrayLike<number>; dtype?: 'F32' | 'F64' }>): Uint8Array {
  const header: Record<string, unknown> = {};
  const blobs: Uint8Array[] = [];
  let at = 0;
  for (const [name, { shape, values, dtype = 'F32' }] of Object.entries(tensors)) {
    const data = new Uint8Array(dtype === 'F32' ? Float32Array.from(values).buffer : Float64Array.from(values).buffer);
    header[name] = { dtype, shape, data_offsets: [at, at + data.length] };
    blobs.push(data);
    at += data.length;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const head = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + head.length + at);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 8);
  let offset = 8 + head.length;
  for (const blob of blobs) {
    out.set(blob, offset);
    offset += blob.length;
  }
  return out;
}

/** Deterministic numbers in (−0.5, 0.5) with a full float64 mantissa, for big synthetic weights. */
export function noise(count: number, seed = 1): Float64Array {
  const out = new Float64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5 + i * 1e-12;
  }
  return out;
}
