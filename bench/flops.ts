// How much arithmetic one forward + full BPTT pass is, counted the way the report states it.

import { GATES, type BenchCell } from './problem';

/** Stated in the report verbatim. */
export const FLOP_FORMULA =
  'FLOP = 2 · B · [T · G·H·(2·I + 3·H) + 3·O·H]  (multiply-adds of the mat-vec products, 2 FLOPs each; ' +
  'per step: forward W_ih·x + W_hh·h = G·H·(I+H), backward dW_ih += δ·xᵀ, dW_hh += δ·hᵀ, W_hhᵀ·δ = G·H·(I+2H); ' +
  'read-out once at the last step: forward + dW + Wᵀ·δ = 3·O·H; G = 1 rnn, 4 lstm; elementwise ops not counted)';

export function multiplyAdds(cell: BenchCell, input: number, hidden: number, steps: number, batch: number, output: number): number {
  const g = GATES[cell];
  return batch * (steps * g * hidden * (2 * input + 3 * hidden) + 3 * output * hidden);
}

export function flops(cell: BenchCell, input: number, hidden: number, steps: number, batch: number, output: number): number {
  return 2 * multiplyAdds(cell, input, hidden, steps, batch, output);
}
