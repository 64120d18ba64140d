// PyTorch's optimiser updates over a flat parameter vector (torch.optim.SGD and torch.optim.Adam, no weight decay).
// The state (momentum buffer, moments) lives in the returned object; step() updates params in place.

export interface Optimizer {
  step(params: Float64Array, grads: Float64Array): void;
  /** updates applied so far */
  readonly steps: number;
}

export interface SgdSettings {
  learningRate: number;
  momentum: number;
}

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

// b ← μ b + g (b₀ = 0, so the first step has b = g as in PyTorch);  θ ← θ − lr · b   (dampening 0, not Nesterov)
export function sgdMomentumStep(params: Float64Array, grads: Float64Array, buffer: Float64Array, learningRate: number, momentum: number): void {
  for (let i = 0; i < params.length; i++) {
    buffer[i] = momentum * buffer[i] + grads[i];
    params[i] -= learningRate * buffer[i];
  }
}

// m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;  θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
// (Kingma & Ba 2015, Algorithm 1, with ε added after the bias correction exactly where torch.optim.Adam adds it)
export function adamStep(
  params: Float64Array, grads: Float64Array, m: Float64Array, v: Float64Array, t: number,
  learningRate: number, beta1: number, beta2: number, epsilon: number,
): void {
  const stepSize = learningRate / (1 - beta1 ** t);
  const correction2Sqrt = Math.sqrt(1 - beta2 ** t);
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2Sqrt + epsilon);
  }
}

export function createSgd(size: number, settings: SgdSettings): Optimizer {
  const buffer = new Float64Array(size);
  let steps = 0;
  return {
    step(params, grads) {
      sgdMomentumStep(params, grads, buffer, settings.learningRate, settings.momentum);
      steps++;
    },
    get steps() {
      return steps;
    },
  };
}

export function createAdam(size: number, settings: AdamSettings): Optimizer {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let steps = 0;
  return {
    step(params, grads) {
      steps++;
      adamStep(params, grads, m, v, steps, settings.learningRate, settings.beta1, settings.beta2, settings.epsilon);
    },
    get steps() {
      return steps;
    },
  };
}
