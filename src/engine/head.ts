// The linear read-out applied to the top layer's h_t at every step (nn.Linear(H, O), then outputActivation).
import type { Real } from './real';
import { sigmoid } from './activations';
import type { Kernels } from './kernels/kernels';
import type { PackedMatrix } from './kernels/packed';
import type { OutputActivation } from './types';

// y_t = a(W_fc h_t + b_fc), a = identity or σ, for every row of h (rows × H) at once into y (rows × O)
export function linearHead(
  k: Kernels, fc: PackedMatrix, fcB: Real, h: Real, rows: number, activation: OutputActivation, y: Real,
): void {
  k.affineRows(fc, fcB, h, y, rows);
  if (activation === 'sigmoid') for (let j = 0; j < rows * fcB.length; j++) y[j] = sigmoid(y[j]);
}

// dL/dz = dL/dy ⊙ a'(z), with σ'(z) = y (1 − y): in place on the row of dy at `at`, which becomes dz.
export function linearHeadActivationBackward(y: Real, at: number, n: number, activation: OutputActivation, dy: Real): void {
  if (activation !== 'sigmoid') return;
  for (let j = at; j < at + n; j++) dy[j] *= y[j] * (1 - y[j]);
}
