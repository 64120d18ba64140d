// The closed form of a scalar RNN's gradient factor. With h_t = f(w1·x_t + w2·h_{t−1} + b), the gradient that
// reaches step t from the loss at step T is multiplied by ∂h_k/∂h_{k−1} = w2·f'(a_k) once per step in between:
// ∏_{k=t+1}^{T} w2·f'(a_k), which is (w2·f')^(T−t) when the slope f' is the same at every step
// (relu while active and identity: f' = 1). |w2·f'| > 1 explodes, < 1 vanishes.
import { ConstantNode, parse, type MathNode } from 'mathjs/number';
import type { Nonlinearity } from '../engine/types';

export interface GradientFactorInput {
  /** the recurrent weight w2 (weight_hh_l0 of a 1×1 RNN) */
  recurrentWeight: number;
  /** f', the nonlinearity's slope along the path; default 1 (relu while active, identity) */
  slope?: number;
  /** T: the step the loss is computed at (1-based, i.e. the sequence length for loss.on = last) */
  lastStep: number;
  /** t: the step whose gradient factor is wanted, 1 ≤ t ≤ T */
  step: number;
}

export interface GradientFactor {
  /** "(w2 · f')^(T - t)" */
  symbolic: string;
  /** TeX of the symbolic form, e.g. {\left(w_2\cdot{f'}\right)}^{\left(T-t\right)} */
  tex: string;
  /** the same with the numbers in: "(2 * 1) ^ (50 - 1)" */
  substituted: string;
  /** base and exponent worked out: "2 ^ 49" */
  simplified: string;
  /** the factor itself (may overflow to ±Infinity, or underflow to 0) */
  value: number;
  /** log10 of |value|, finite even when value overflows (−Infinity when the base is 0) */
  log10Magnitude: number;
  /** whether |w2·f'| > 1 (explodes), < 1 (vanishes) or = 1 */
  regime: 'exploding' | 'vanishing' | 'stable';
}

const SYMBOLIC = '(w2 * fp) ^ (T - t)';

export function scalarGradientFactor(input: GradientFactorInput): GradientFactor {
  const slope = input.slope ?? 1;
  const exponent = input.lastStep - input.step;
  const base = input.recurrentWeight * slope;
  const node = parse(SYMBOLIC);
  const values: Record<string, number> = { w2: input.recurrentWeight, fp: slope, T: input.lastStep, t: input.step };
  const substituted = node.transform((child: MathNode) => {
    const name = (child as unknown as { name?: string }).name;
    return child.type === 'SymbolNode' && name !== undefined && name in values ? new ConstantNode(values[name]) : child;
  });
  const simplified = parse('b ^ n').transform((child: MathNode) => {
    const name = (child as unknown as { name?: string }).name;
    if (child.type !== 'SymbolNode') return child;
    return name === 'b' ? numberNode(base) : name === 'n' ? numberNode(exponent) : child;
  });
  const value = node.compile().evaluate(values) as number;
  const magnitude = Math.abs(base);
  return {
    symbolic: node.toString().replace('fp', "f'").replace('*', '·'),
    tex: node.toTex({ handler: texNames }),
    substituted: substituted.toString(),
    simplified: simplified.toString(),
    value,
    log10Magnitude: magnitude === 0 ? (exponent === 0 ? 0 : -Infinity) : exponent * Math.log10(magnitude),
    regime: magnitude > 1 ? 'exploding' : magnitude < 1 ? 'vanishing' : 'stable',
  };
}

/** f'(a) for the rnn cell's nonlinearities, at the pre-activation a. */
export function nonlinearitySlope(nonlinearity: Nonlinearity, preActivation: number): number {
  switch (nonlinearity) {
    case 'tanh':
      return 1 - Math.tanh(preActivation) ** 2;
    case 'relu':
      // PyTorch's choice at 0: the derivative of relu there is taken to be 0.
      return preActivation > 0 ? 1 : 0;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-preActivation));
      return s * (1 - s);
    }
    case 'identity':
      return 1;
  }
}

/** A negative number in parentheses, so "(-0.5) ^ 49" does not read as −(0.5^49). */
function numberNode(value: number): MathNode {
  return value < 0 ? parse(`(${value})`) : new ConstantNode(value);
}

function texNames(node: MathNode): string | undefined {
  if (node.type !== 'SymbolNode') return undefined;
  const name = (node as unknown as { name: string }).name;
  return ({ w2: 'w_2', fp: "{f'}", T: 'T', t: 't' } as Record<string, string>)[name];
}
