// Loss terms of one step, each with its gradient. `scale` is 1/N, N being what the mean runs over across the
// whole data set (every counted target element for mse, every counted step for cross-entropy), so summing
// the terms of every sequence gives PyTorch's mean and the gradients need no later rescaling.
// y, target and dy are rows × n buffers; `at` is this step's offset in all three.

// L = scale · Σ_j (y_j − t_j)²;  dL/dy = 2 · scale · (y − t)
import type { Real } from './real';
export function mseLoss(y: Real, target: Real, at: number, n: number, scale: number, dy: Real): number {
  let sum = 0;
  for (let j = at; j < at + n; j++) {
    const diff = y[j] - target[j];
    sum += diff * diff;
    dy[j] = 2 * scale * diff;
  }
  return scale * sum;
}

// p = softmax(s);  L = −scale · log p_c;  dL/ds = scale · (p − onehot(c))
// The scores are the head's outputs after outputActivation: with a sigmoid head, softmax runs over σ(z).
export function crossEntropyLoss(scores: Real, at: number, n: number, targetClass: number, scale: number, dScores: Real): number {
  let max = -Infinity;
  for (let j = at; j < at + n; j++) if (scores[j] > max || scores[j] !== scores[j]) max = scores[j];
  // log Σ e^(s − max): shifting by the max keeps every exponent ≤ 0, so nothing overflows.
  let sumExp = 0;
  for (let j = at; j < at + n; j++) sumExp += Math.exp(scores[j] - max);
  const logSumExp = max + Math.log(sumExp);
  for (let j = 0; j < n; j++) dScores[at + j] = scale * (Math.exp(scores[at + j] - logSumExp) - (j === targetClass ? 1 : 0));
  return scale * (logSumExp - scores[at + targetClass]);
}
