// Open a checkpoint's bytes, whichever format they are in: torch.save's zip, or safetensors. Formats that can
// only be read by running code from the file (legacy .pt, plain pickles, TorchScript) are refused with what to
// run in Python instead. Errors are values from here on.
import { attempt, CheckpointError, RESAVE, type Result } from './errors';
import { looksLikeSafetensors, openSafetensors } from './safetensors';
import { openTorchZip } from './torchZip';
import type { Checkpoint } from './types';

/** Bytes read from storages at most, all tensors of one request together. */
export const DEFAULT_MAX_TENSOR_BYTES = 256 * 1024 * 1024;

// The pickled magic number that starts every legacy torch.save file: PROTO 2, LONG1 0x1950a86a20f9469cfc6c.
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function readCheckpoint(bytes: Uint8Array, fileName = '', maxTensorBytes = DEFAULT_MAX_TENSOR_BYTES): Result<Checkpoint> {
  return attempt(() => open(bytes, fileName, maxTensorBytes));
}

/** The named tensors as float64 numbers, row-major. */
export function readTensors(checkpoint: Checkpoint, names: readonly string[]): Result<Map<string, Float64Array>> {
  return attempt(() => checkpoint.read(names));
}

function open(bytes: Uint8Array, fileName: string, maxTensorBytes: number): Checkpoint {
  if (bytes.length === 0) throw new CheckpointError('format', 'This file is empty.');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return openTorchZip(bytes, maxTensorBytes);
  if (startsWith(bytes, LEGACY_MAGIC)) {
    throw new CheckpointError(
      'legacy',
      "This checkpoint uses PyTorch's legacy format (torch.save before PyTorch 1.6, or _use_new_zipfile_serialization=False): a pickle that can only be read by running it. In PyTorch ≥ 1.6, if you trust the file: torch.save(torch.load('old.pt'), 'model.pt')",
    );
  }
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1] >= 2 && bytes[1] <= 5) {
    throw new CheckpointError('legacy', `This file is a plain Python pickle, not a torch.save archive; a pickle can only be read by running it, which Unroll never does. ${RESAVE}.`);
  }
  if (looksLikeSafetensors(bytes) || /\.safetensors$/i.test(fileName)) return openSafetensors(bytes);
  throw new CheckpointError('format', 'This file is neither a PyTorch checkpoint (torch.save, PyTorch ≥ 1.6) nor a .safetensors file.');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
