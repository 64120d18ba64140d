// PyTorch checkpoints read, with nothing from the file ever run: tensors, and the recurrent module and head found
// among them. No `vscode` and no Node import: the CLI, the extension's worker and a browser worker all use this
// folder as it is. Turning a checkpoint into a spec is the spec layer's (src/spec/fromCheckpoint.ts).
export type { Candidate } from './select';
export { readCheckpoint, readTensors } from './read';
export type { Checkpoint, TensorMeta } from './types';
export type { CheckpointErrorCode, Result } from './errors';
