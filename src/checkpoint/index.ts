// PyTorch checkpoints in, specs out, with nothing from the file ever run. No `vscode` and no Node import: the CLI,
// the extension's worker and a browser worker all use this folder as it is.
//
// For the editor's "New Spec from PyTorch Checkpoint…": call specFromCheckpoint(bytes, fileName, options).
//   kind 'spec'   → open `text` as a new untitled .rnn.json, show `warnings`;
//   kind 'choose' → quick pick over `candidates` (label: value, description), then call again with
//                   options[what] = the picked value (first the prefix, then possibly the head);
//   kind 'error'  → show `message`.
export { specFromCheckpoint, type ImportOptions, type ImportResult } from './importSpec';
export type { Candidate } from './select';
export { readCheckpoint, readTensors } from './read';
export type { Checkpoint, TensorMeta } from './types';
export type { CheckpointErrorCode, Result } from './errors';
