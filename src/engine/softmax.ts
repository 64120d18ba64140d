// Class probabilities from the head's outputs, as the cross-entropy loss sees them (softmax over y after
// outputActivation), for sampling and for a view that shows the predicted class at every step.

// p_j = e^((y_j − max) / τ) / Σ_k e^((y_k − max) / τ), for y[at … at+n) into p[0 … n). Subtracting the max keeps
// every exponent ≤ 0 (nothing overflows); τ = 1 is the model's own distribution, τ → 0 approaches the argmax.
export function softmaxInto(y: ArrayLike<number>, at: number, n: number, temperature: number, p: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (y[at + j] > max) max = y[at + j];
  let sum = 0;
  for (let j = 0; j < n; j++) {
    p[j] = Math.exp((y[at + j] - max) / temperature);
    sum += p[j];
  }
  for (let j = 0; j < n; j++) p[j] /= sum;
}

/** The index of the largest of y[at … at+n): the first one on ties, as torch.argmax. NaN never wins. */
export function argmax(y: ArrayLike<number>, at: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (y[at + j] > y[at + best]) best = j;
  return best;
}

/** The `k` most probable classes, most probable first; equal probabilities in class order. */
export function topClasses(p: ArrayLike<number>, n: number, k: number): number[] {
  const picked: number[] = [];
  for (let round = 0; round < Math.min(k, n); round++) {
    let best = -1;
    for (let j = 0; j < n; j++) {
      if (picked.includes(j)) continue;
      if (best < 0 || p[j] > p[best]) best = j;
    }
    picked.push(best);
  }
  return picked;
}

/** Per step, the softmax probabilities of its outputs ([step][class] in, the same shape out). */
export function classProbabilities(outputs: number[][]): number[][] {
  return outputs.map((y) => {
    const p = new Float64Array(y.length);
    softmaxInto(y, 0, y.length, 1, p);
    return Array.from(p);
  });
}
