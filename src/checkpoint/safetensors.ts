// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
// and byte range, then the bytes (contiguous, row-major, little-endian). Nothing in it can run, which is why it
// exists; what remains to check is that every declared size and range agrees with the bytes really there.
import { contiguousStrides, decodeFloats, elementCount, itemSize, SAFETENSORS_DTYPES, type DType } from './dtypes';
import { CheckpointError, corrupt } from './errors';
import type { Checkpoint, TensorMeta } from './types';

/** The format's own bound on the header. */
const MAX_HEADER_BYTES = 100_000_000;

interface Entry extends TensorMeta {
  begin: number;
  end: number;
}

/** True when the bytes start like a safetensors file: a plausible header length, then "{". */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return length >= 2 && length <= bytes.length - 8 && bytes[8] === 0x7b;
}

export function openSafetensors(bytes: Uint8Array): Checkpoint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw corrupt('This safetensors file is shorter than its 8-byte header length: the file is truncated.');
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
    throw corrupt(`This safetensors file declares a ${headerLength.toLocaleString('en-US')}-byte header but has ${bytes.length.toLocaleString('en-US')} bytes in all: the file is truncated or damaged.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw corrupt("This safetensors file's header is not valid JSON: the file is damaged.");
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw corrupt("This safetensors file's header is not a JSON object.");
  const data = bytes.subarray(8 + headerLength);
  const entries = new Map<string, Entry>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    entries.set(name, entry(name, value, data.length));
  }
  return {
    format: 'safetensors',
    tensors: entries,
    read(names) {
      const values = new Map<string, Float64Array>();
      for (const name of names) {
        const found = entries.get(name);
        if (!found) throw new CheckpointError('internal', `No tensor named ${name} in this checkpoint.`);
        const layout = { dtype: found.dtype, shape: found.shape, strides: contiguousStrides(found.shape), offset: 0 };
        values.set(name, decodeFloats(name, data.subarray(found.begin, found.end), layout, true));
      }
      return values;
    },
  };
}

function entry(name: string, value: unknown, dataLength: number): Entry {
  const { dtype, shape, data_offsets: offsets } = (value ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const known: DType | undefined = typeof dtype === 'string' ? SAFETENSORS_DTYPES[dtype] : undefined;
  if (!known) throw corrupt(`${name} in this safetensors file has dtype ${JSON.stringify(dtype)}, which Unroll does not know.`);
  if (!isCounts(shape) || shape.length > 8 || !isCounts(offsets) || offsets.length !== 2) {
    throw corrupt(`${name} in this safetensors file has no valid shape and data_offsets.`);
  }
  const [begin, end] = offsets;
  const expected = elementCount(shape) * itemSize(known);
  if (begin > end || end > dataLength || end - begin !== expected) {
    throw corrupt(`${name} in this safetensors file declares bytes ${begin}–${end} for ${shape.join('×') || 'a scalar'} ${known} numbers (${expected} bytes), and the data has ${dataLength}: the file is truncated or damaged.`);
  }
  return { dtype: known, shape, begin, end };
}

function isCounts(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isSafeInteger(item) && item >= 0);
}
