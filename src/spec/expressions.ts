// Formulas of `generate`, compiled with math.js but limited to arithmetic on t, s, T and a list of safe functions:
// no assignments, no units, matrices, strings, objects or property access, so a formula can only compute a number.
import { OperatorNode, parse, type MathNode } from 'mathjs/number';

export const FORMULA_VARIABLES = ['t', 's', 'T'] as const;
export const FORMULA_CONSTANTS = ['pi', 'e', 'tau', 'true', 'false'] as const;
export const FORMULA_FUNCTIONS = [
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh',
  'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'cbrt', 'square', 'cube', 'pow',
  'abs', 'sign', 'floor', 'ceil', 'round', 'fix', 'mod', 'min', 'max', 'hypot', 'factorial',
  'noise',
] as const;
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus', 'factorial',
  'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq', 'and', 'or', 'xor', 'not',
  'dotMultiply', 'dotDivide', 'dotPow',
]);
const NODE_TYPES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);

export interface FormulaScope {
  /** step index, 0 … T−1 */
  t: number;
  /** sequence index, 0 … count−1 */
  s: number;
  /** sequence length */
  T: number;
}

export type Formula = (scope: FormulaScope) => number;

/** `size`: the number of parts (numbers, names, operations) in the formula, a measure of its evaluation cost. */
export type CompiledFormula = { ok: true; evaluate: Formula; size: number } | { ok: false; message: string };

/** A repeatable pseudo-random number in [−1, 1) from any numbers: noise(s, t) is fixed for a given s and t. */
export function noise(...args: number[]): number {
  let hash = 0x9e3779b9;
  for (const arg of args) {
    const value = Number(arg);
    // Fold the float's integer and fractional parts so noise(s, 0.5) and noise(s, 0) differ.
    const whole = Math.floor(value);
    const fraction = Math.floor((value - whole) * 2 ** 32);
    hash = mix(hash ^ (whole | 0));
    hash = mix(hash ^ (fraction | 0));
  }
  return (hash >>> 0) / 2 ** 31 - 1;
}

function mix(x: number): number {
  // murmur3's 32-bit finaliser: every input bit affects every output bit.
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

export function compileFormula(source: string): CompiledFormula {
  if (source.trim() === '') return { ok: false, message: 'this formula is empty: write one that computes a number, such as sin(t / 5) or 0.' };
  let node: MathNode;
  try {
    node = parse(source);
  } catch (error) {
    return { ok: false, message: `${JSON.stringify(source)} is not a formula: ${error instanceof Error ? error.message : String(error)}.` };
  }
  const refusal = refuse(node);
  if (refusal) return { ok: false, message: refusal };
  node = withScalarOperators(node);
  let size = 0;
  node.traverse(() => size++);
  let code: { evaluate(scope: Record<string, unknown>): unknown };
  try {
    code = node.compile();
  } catch (error) {
    return { ok: false, message: `${JSON.stringify(source)} cannot be compiled: ${error instanceof Error ? error.message : String(error)}.` };
  }
  const evaluate: Formula = ({ t, s, T }) => {
    const result = code.evaluate({ t, s, T, noise });
    if (typeof result === 'boolean') return result ? 1 : 0;
    if (typeof result === 'number') return result;
    throw new FormulaError(`gives ${describeResult(result)}, not a number`);
  };
  return { ok: true, evaluate, size };
}

/** Thrown by a formula that evaluates to something other than a number; the caller turns it into a Problem. */
export class FormulaError extends Error {}

/** Why a parsed formula is refused, or undefined if it only uses what is allowed. */
function refuse(root: MathNode): string | undefined {
  const functionNames = new Set<MathNode>();
  let reason: string | undefined;
  root.traverse((node: MathNode) => {
    if (reason) return;
    if (!NODE_TYPES.has(node.type)) {
      reason = `formulas can only use numbers, t, s, T, arithmetic, comparisons, "a ? b : c" and functions such as sin(t); ${nodeDescription(node.type)} is not allowed.`;
      return;
    }
    const anyNode = node as unknown as { type: string; fn?: MathNode & { name?: string }; op?: string; value?: unknown; name?: string };
    if (node.type === 'FunctionNode') {
      const fn = anyNode.fn;
      if (!fn || fn.type !== 'SymbolNode' || !(FORMULA_FUNCTIONS as readonly string[]).includes(fn.name ?? '')) {
        reason = `${JSON.stringify(fn?.name ?? 'this')} is not one of the functions a formula can use: ${FORMULA_FUNCTIONS.join(', ')}.`;
        return;
      }
      functionNames.add(fn);
    } else if (node.type === 'SymbolNode' && !functionNames.has(node)) {
      const name = anyNode.name ?? '';
      if (!(FORMULA_VARIABLES as readonly string[]).includes(name) && !(FORMULA_CONSTANTS as readonly string[]).includes(name)) {
        reason = `${JSON.stringify(name)} is not known here: a formula can use t (the step, from 0), s (the sequence, from 0), T (the length) and the constants pi and e.`;
      }
    } else if (node.type === 'OperatorNode' && !OPERATORS.has(String((anyNode as { fn?: unknown }).fn))) {
      reason = `the operator ${JSON.stringify(anyNode.op)} is not allowed in a formula.`;
    } else if (node.type === 'ConstantNode' && typeof anyNode.value !== 'number' && typeof anyNode.value !== 'boolean') {
      reason =
        anyNode.value === null
          ? 'null is not a number: a formula computes a number, such as 0.'
          : anyNode.value === undefined
            ? 'a part of this formula is empty: write a number, t, s or T there.'
            : 'a formula can only contain numbers (no text in quotes).';
    }
  });
  return reason;
}

/** math.js's number-only build has no element-wise functions, and on numbers .* ./ .^ are * / ^: use those. */
const SCALAR_OF: Record<string, [string, string]> = { dotMultiply: ['*', 'multiply'], dotDivide: ['/', 'divide'], dotPow: ['^', 'pow'] };

function withScalarOperators(root: MathNode): MathNode {
  return root.transform((node: MathNode) => {
    const fn = (node as unknown as { fn?: unknown }).fn;
    if (node.type !== 'OperatorNode' || typeof fn !== 'string' || !Object.hasOwn(SCALAR_OF, fn)) return node;
    const [op, name] = SCALAR_OF[fn];
    // transform() does not descend into a node it replaced: its arguments are transformed here.
    const args = (node as unknown as { args: MathNode[] }).args.map(withScalarOperators);
    return new OperatorNode(op as never, name as never, args);
  });
}

function nodeDescription(type: string): string {
  switch (type) {
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'assignment (=)';
    case 'ArrayNode':
    case 'RangeNode':
    case 'IndexNode':
      return 'a list or range';
    case 'ObjectNode':
      return 'an object';
    case 'AccessorNode':
      return 'property access';
    case 'BlockNode':
      return 'several statements';
    default:
      return type;
  }
}

function describeResult(result: unknown): string {
  if (result && typeof result === 'object') {
    const type = (result as { type?: unknown }).type ?? (result as { constructor?: { name?: string } }).constructor?.name;
    if (type === 'Complex') return 'a complex number (e.g. the square root or log of a negative number)';
    return `a ${String(type ?? 'value')}`;
  }
  return typeof result;
}
