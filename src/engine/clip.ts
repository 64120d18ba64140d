// Gradient clipping over the flat gradient vector, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
import { norm2 } from './linalg';

// g ← g · min(1, maxNorm / (‖g‖ + 1e−6)); returns ‖g‖ before clipping. (The 1e−6 is PyTorch's, against ‖g‖ = 0.)
export function clipGradNorm(grads: Float64Array, maxNorm: number): number {
  const total = norm2(grads);
  const coefficient = maxNorm / (total + 1e-6);
  if (coefficient < 1) for (let i = 0; i < grads.length; i++) grads[i] *= coefficient;
  return total;
}

// g_i ← clamp(g_i, −v, v)
export function clipGradValue(grads: Float64Array, value: number): void {
  for (let i = 0; i < grads.length; i++) grads[i] = Math.min(value, Math.max(-value, grads[i]));
}
