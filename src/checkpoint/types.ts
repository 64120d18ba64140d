// What a checkpoint is once opened: the tensors' names, types and shapes, read without touching their numbers,
// and a way to get the numbers of the few tensors a spec needs.
import type { DType } from './dtypes';

export interface TensorMeta {
  dtype: DType;
  shape: readonly number[];
}

export interface Checkpoint {
  format: 'pytorch' | 'safetensors';
  /** every tensor by its (dotted) name, in the file's order */
  tensors: ReadonlyMap<string, TensorMeta>;
  /** the named tensors' numbers as float64, row-major; throws a CheckpointError (callers go through attempt()) */
  read(names: readonly string[]): Map<string, Float64Array>;
}
