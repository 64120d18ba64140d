// The linear read-out applied to the top layer's h_t at every step (nn.Linear(H, O), then outputActivation).
import { sigmoid } from './activations';
import { affineRows } from './gemm';
import type { OutputActivation } from './types';

// y_t = a(W_fc h_t + b_fc), a = identity or σ, for every row of h (rows × H) at once into y (rows × O)
export function linearHead(fcW: Float64Array, fcB: Float64Array, h: Float64Array, H: number, rows: number, activation: OutputActivation, y: Float64Array): void {
  affineRows(fcW, fcB, h, H, rows, y);
  if (activation === 'sigmoid') for (let k = 0; k < rows * fcB.length; k++) y[k] = sigmoid(y[k]);
}

// dL/dz = dL/dy ⊙ a'(z), with σ'(z) = y (1 − y): in place on the row of dy at `at`, which becomes dz.
export function linearHeadActivationBackward(y: Float64Array, at: number, n: number, activation: OutputActivation, dy: Float64Array): void {
  if (activation !== 'sigmoid') return;
  for (let j = at; j < at + n; j++) dy[j] *= y[j] * (1 - y[j]);
}
