// Element types as PyTorch names them, how the two file formats spell them, and the exact float64 value of each
// stored float. Every float32, float16 and bfloat16 is a float64 too, so nothing is rounded on the way in.
import { CheckpointError, corrupt } from './errors';

/** torch dtype names (str(torch.float32) without "torch."). */
export type DType = keyof typeof ITEM_SIZE;

const ITEM_SIZE = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2,
  int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, uint16: 2, uint32: 4, uint64: 8, bool: 1,
  complex64: 8, complex128: 16, float8_e4m3fn: 1, float8_e5m2: 1,
  qint8: 1, quint8: 1, qint32: 4, quint4x2: 1, quint2x4: 1,
} as const;

/** The floats Unroll turns into its float64 weights; integer and complex tensors are refused by name. */
export const READABLE: readonly DType[] = ['float64', 'float32', 'float16', 'bfloat16'];

/** `torch.FloatStorage` and friends, as the pickle's persistent ids name a storage's type. */
export const STORAGE_DTYPES: Readonly<Record<string, DType>> = {
  DoubleStorage: 'float64', FloatStorage: 'float32', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool', ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128',
  QInt8Storage: 'qint8', QUInt8Storage: 'quint8', QInt32Storage: 'qint32', QUInt4x2Storage: 'quint4x2', QUInt2x4Storage: 'quint2x4',
};

/** The "dtype" strings of a safetensors header. */
export const SAFETENSORS_DTYPES: Readonly<Record<string, DType>> = {
  F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8', U8: 'uint8', U16: 'uint16', U32: 'uint32', U64: 'uint64',
  BOOL: 'bool', F8_E4M3: 'float8_e4m3fn', F8_E5M2: 'float8_e5m2',
};

export function itemSize(dtype: DType): number {
  return ITEM_SIZE[dtype];
}

/** Where a tensor's numbers are in its storage, in elements (PyTorch's storage_offset, size and stride). */
export interface Layout {
  dtype: DType;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

/** Product of the sizes, or Infinity past 2^53: a hostile header must not overflow into a small number. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) {
    count *= size;
    if (count > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return count;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

/** Far more numbers than any model Unroll runs (250,000 weights); a bound on what one tensor may allocate. */
const MAX_DECODED = 16_000_000;

/**
 * The tensor's numbers, row-major, as float64. `storage` is the whole storage's bytes; strides and offset are
 * honoured (a view into a shared storage, a transposed tensor), after checking every element lies inside it.
 */
export function decodeFloats(name: string, storage: Uint8Array, layout: Layout, littleEndian: boolean): Float64Array {
  const { dtype, shape, strides, offset } = layout;
  if (!READABLE.includes(dtype)) {
    throw new CheckpointError('dtype', `${name} holds ${dtype} numbers; Unroll reads float32, float64, float16 and bfloat16 weights. Convert it in Python (model.float()) and save again.`);
  }
  const size = itemSize(dtype);
  const count = elementCount(shape);
  if (count > MAX_DECODED) {
    throw new CheckpointError('limit', `${name} has ${count.toLocaleString('en-US')} numbers; Unroll reads tensors of at most ${MAX_DECODED.toLocaleString('en-US')}.`);
  }
  const available = Math.floor(storage.byteLength / size);
  let last = offset;
  for (let d = 0; d < shape.length; d++) last += (shape[d] - 1) * strides[d];
  if (count > 0 && (offset < 0 || last >= available)) {
    throw corrupt(`${name} reaches element ${last} of its storage, which holds only ${available}: the file is damaged.`);
  }
  const view = new DataView(storage.buffer, storage.byteOffset, storage.byteLength);
  const read = reader(dtype, view, littleEndian);
  const out = new Float64Array(count);
  // An odometer over the indices: i advances in row-major order, `at` follows it through the strides.
  const index = new Array<number>(shape.length).fill(0);
  let at = offset;
  for (let i = 0; i < count; i++) {
    out[i] = read(at * size);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) {
        at += strides[d];
        break;
      }
      at -= (shape[d] - 1) * strides[d];
      index[d] = 0;
    }
  }
  return out;
}

function reader(dtype: DType, view: DataView, little: boolean): (byte: number) => number {
  switch (dtype) {
    case 'float64':
      return (byte) => view.getFloat64(byte, little);
    case 'float32':
      return (byte) => view.getFloat32(byte, little);
    case 'float16':
      return (byte) => halfToNumber(view.getUint16(byte, little));
    default:
      return (byte) => bfloat16ToNumber(view.getUint16(byte, little));
  }
}

// IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits. Every value is a float64 exactly.
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

const scratch = new DataView(new ArrayBuffer(4));

// bfloat16 is the top half of a float32.
export function bfloat16ToNumber(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
}
