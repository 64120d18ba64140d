// A checkpoint is untrusted input: every way it can be wrong is a CheckpointError with a sentence for the user.
// Readers deep inside (the pickle, the zip) throw it; the public functions catch everything at the boundary
// and hand back a value, so no exception ever leaves this folder.

export type CheckpointErrorCode =
  | 'format' // not a checkpoint we know (or a zip without data.pkl)
  | 'legacy' // torch.save before PyTorch 1.6, or _use_new_zipfile_serialization=False
  | 'torchscript' // torch.jit.save
  | 'module' // a pickled whole module or other object instead of tensors
  | 'unsafe' // a global that a state dict never uses (os.system, builtins.eval …)
  | 'corrupt' // truncated, or sizes that do not add up
  | 'limit' // larger than Unroll reads
  | 'dtype' // a tensor type we cannot turn into float64
  | 'internal'; // a bug in this reader

export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; code: CheckpointErrorCode; message: string };

/** Run `read`, turning anything it throws into an error value (a RangeError from a hostile file included). */
export function attempt<T>(read: () => T): Result<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof CheckpointError) return { ok: false, code: error.code, message: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'internal', message: `Unroll could not read this checkpoint (internal error: ${detail}). Please report this.` };
  }
}

/** Shorthand for the common case: the file's bytes do not say what they should. */
export function corrupt(message: string): CheckpointError {
  return new CheckpointError('corrupt', message);
}

/** The sentence every refusal ends with: what to run in Python instead. */
export const RESAVE = "In Python, save the model's state dict alone: torch.save(model.state_dict(), 'model.pt')";
