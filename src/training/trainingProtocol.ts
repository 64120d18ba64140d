import type { WeightValue } from '../engine/types';

/** Given to the training worker when it starts. */
export interface TrainingJob {
  text: string;
  baseDir?: string;
  fileName?: string;
  /** overrides training.epochs of the spec */
  epochs?: number;
}

export type TrainingEvent =
  | { type: 'progress'; epoch: number; epochs: number; loss: number[]; gradNorm: number[]; weights: Record<string, WeightValue> }
  | { type: 'done'; state: 'done' | 'diverged'; epoch: number; epochs: number; loss: number[]; gradNorm: number[]; weights: Record<string, WeightValue> }
  | { type: 'invalid'; message: string; line: number; column: number };
