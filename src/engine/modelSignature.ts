// A trained model's identity: the settings that change what each weight means, and every weight's shape. The worker
// stamps it on training results so the host can refuse to write weights into a spec whose model has since changed.
import { dimsOf, paramLayout } from './params';
import type { CellType, ModelSpec } from './types';

/** What the trained weights depend on: the settings that change a weight's meaning, and each weight's shape. */
export interface ModelSignature {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  numLayers: number;
  /** rnn only */
  nonlinearity?: string;
  outputActivation: string;
  /** name → shape ([rows, columns] or [length]), in PyTorch's order */
  shapes: [string, number[]][];
}

/** The signature of a model as the engine reads it (defaults filled in); call it with the spec that was trained. */
export function modelSignature(model: ModelSpec): ModelSignature {
  const dims = dimsOf(model);
  return {
    cell: dims.cell,
    inputSize: dims.inputSize,
    hiddenSize: dims.hiddenSize,
    outputSize: dims.outputSize,
    numLayers: dims.numLayers,
    ...(dims.cell === 'rnn' ? { nonlinearity: dims.nonlinearity } : {}),
    outputActivation: dims.outputActivation,
    shapes: paramLayout(dims).entries.map((e) => [e.name, e.isMatrix ? [e.rows, e.cols] : [e.rows]]),
  };
}
