// One target against the loss: a vector of outputSize numbers for mse, a class index for cross-entropy.
import type { LossSpec } from '../../engine/types';

export type TargetCheck = { ok: true; value: number[] | number } | { ok: false; message: string };

/** `value` as written (a number or a list); the normalised form is number[] for mse and a class index for cross-entropy. */
export function checkTarget(value: number | number[], loss: LossSpec, outputSize: number): TargetCheck {
  if (loss.type === 'cross-entropy') {
    if (Array.isArray(value) && value.length !== 1) {
      return { ok: false, message: `for cross-entropy a target is one class index like 2 (or [2]), found a list of ${value.length}` };
    }
    const index = Array.isArray(value) ? value[0] : value;
    return classIndexCheck(index, outputSize);
  }
  if (!Array.isArray(value)) {
    if (outputSize === 1) return { ok: true, value: [value] };
    return { ok: false, message: `must be a list of ${outputSize} numbers (model.outputSize), found the single number ${value}` };
  }
  if (value.length !== outputSize) {
    return { ok: false, message: `must have ${plural(outputSize, 'number')} (model.outputSize), found ${value.length}` };
  }
  return { ok: true, value };
}

export function classIndexCheck(index: number, outputSize: number): TargetCheck {
  if (!Number.isInteger(index)) {
    return { ok: false, message: `a class index must be a whole number from 0 to ${outputSize - 1}, found ${index}` };
  }
  if (index < 0 || index >= outputSize) {
    const classes = outputSize === 1 ? 'there is only class 0 (cross-entropy needs outputSize ≥ 2, one output per class)' : `the classes are 0 to ${outputSize - 1}`;
    return { ok: false, message: `class ${index} does not exist: with outputSize ${outputSize} ${classes}` };
  }
  return { ok: true, value: index };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
