// Which steps of a sequence have a vanishing or exploding gradient — the thresholds the extension's settings use.

export interface Thresholds {
  /** a step vanishes when its norm is below this fraction of the sequence's largest finite norm */
  vanishing: number;
  /** a step explodes when its norm is above this value, or is not finite */
  exploding: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { vanishing: 1e-6, exploding: 1e6 };

export type StepFlag = 'vanishing' | 'exploding' | null;

export function classifySteps(norms: readonly number[], thresholds: Thresholds): StepFlag[] {
  let largest = 0;
  for (const n of norms) if (Number.isFinite(n) && n > largest) largest = n;
  return norms.map((n) => {
    if (!Number.isFinite(n) || n > thresholds.exploding) return 'exploding';
    if (n < thresholds.vanishing * largest) return 'vanishing';
    return null;
  });
}

/** Indices (0-based) whose flag is `flag`. */
export function stepsFlagged(flags: readonly StepFlag[], flag: Exclude<StepFlag, null>): number[] {
  const steps: number[] = [];
  flags.forEach((f, i) => f === flag && steps.push(i));
  return steps;
}

/** 1-based, compressed: [0,1,2,5] → "1–3, 6". */
export function describeSteps(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(j === i ? `${indices[i] + 1}` : `${indices[i] + 1}–${indices[j] + 1}`);
    i = j + 1;
  }
  return parts.join(', ');
}
