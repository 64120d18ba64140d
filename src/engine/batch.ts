// Sequences stepped together. Step t of every sequence in a batch is one matrix product over the batch,
// H_t (B × H) = f(GI_t + H_{t−1} W_hhᵀ + b_hh), instead of B matrix–vector products: each weight loaded from
// memory then serves every sequence. The sequences keep their own rows in the flat buffers (see workspace.ts);
// a batch only says which row each of them is at, and its vectors in the per-step scratch are rows 0 … B−1.
import type { SequenceSlice } from './data';
import { heapArena, type Arena } from './kernels/arena';

/** Some of the data set's sequences, longest first, so the ones that have a step t are always the first few. */
export interface SequenceBatch {
  /** first row of each sequence */
  starts: Int32Array;
  lengths: Int32Array;
  size: number;
}

/** The rows that step t of a batch touches: rows[k] = starts[k] + t for the k < size sequences that have a step t. */
export interface StepRows {
  size: number;
  rows: Int32Array;
  /** h_{t−1}'s row, rows[k] − 1, or −1 at a sequence's first step (h_{−1} = c_{−1} = 0) */
  prevRows: Int32Array;
  /** t = 0, where h_{−1} = c_{−1} = 0 */
  first: boolean;
}

export function createSequenceBatch(capacity: number): SequenceBatch {
  return { starts: new Int32Array(capacity), lengths: new Int32Array(capacity), size: 0 };
}

/** The row maps go to the matrix kernels, so they come from the workspace's arena. */
export function createStepRows(capacity: number, arena: Arena = heapArena()): StepRows {
  return { size: 0, rows: arena.i32(capacity), prevRows: arena.i32(capacity), first: true };
}

/** Sequence indices, longest first; equal lengths keep the data's order. */
export function longestFirst(sequences: SequenceSlice[]): number[] {
  return sequences.map((_, s) => s).sort((a, b) => sequences[b].length - sequences[a].length || a - b);
}

/** Empties `batch`, to be refilled by `addSequence`. */
export function clearBatch(batch: SequenceBatch): void {
  batch.size = 0;
}

/** Appends a sequence; callers add them longest first. */
export function addSequence(batch: SequenceBatch, start: number, length: number): void {
  batch.starts[batch.size] = start;
  batch.lengths[batch.size] = length;
  batch.size++;
}

/** Points `step` at step t of the batch's sequences that have one (a prefix, the batch being longest first). */
export function selectStep(batch: SequenceBatch, t: number, step: StepRows): void {
  let k = 0;
  for (; k < batch.size && batch.lengths[k] > t; k++) {
    step.rows[k] = batch.starts[k] + t;
    step.prevRows[k] = t > 0 ? batch.starts[k] + t - 1 : -1;
  }
  step.size = k;
  step.first = t === 0;
}

/** One step of one sequence: the per-sequence callers (the step-Jacobian norms) use the batched kernels with B = 1. */
export function selectRow(row: number, t: number, step: StepRows): void {
  step.rows[0] = row;
  step.prevRows[0] = t > 0 ? row - 1 : -1;
  step.size = 1;
  step.first = t === 0;
}
