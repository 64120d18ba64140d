// The linear read-out applied to the top layer's h_t at every step (nn.Linear(H, O), then outputActivation).
import { sigmoid } from './activations';
import { rowDot } from './linalg';
import type { OutputActivation } from './types';

// y_t = a(W_fc h_t + b_fc), a = identity or σ
export function linearHead(fcW: Float64Array, fcB: Float64Array, h: Float64Array, activation: OutputActivation, y: Float64Array): void {
  const H = h.length;
  for (let o = 0; o < y.length; o++) {
    const z = fcB[o] + rowDot(fcW, o * H, h, 0, H);
    y[o] = activation === 'sigmoid' ? sigmoid(z) : z;
  }
}

// dL/dz = dL/dy ⊙ a'(z), with σ'(z) = y (1 − y). In place: dy becomes dz.
export function linearHeadActivationBackward(y: Float64Array, activation: OutputActivation, dy: Float64Array): void {
  if (activation !== 'sigmoid') return;
  for (let o = 0; o < y.length; o++) dy[o] *= y[o] * (1 - y[o]);
}
