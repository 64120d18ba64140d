// The cell comparison and the gradient check, as jobs: a spec that cannot run answers with its first problem.
import { compareCells } from '../analysis/compareCells';
import { gradientCheckMarkdown } from '../analysis/gradientCheckReport';
import { isInvalid, runnableSpec } from './specInput';
import type { CompareOutcome, GradientCheckOutcome, SpecSnapshot } from './types';

export function compareJob(snapshot: SpecSnapshot): CompareOutcome {
  const spec = runnableSpec(snapshot);
  if (isInvalid(spec)) return spec;
  return { type: 'comparison', comparison: compareCells(spec, snapshot.uri) };
}

export function gradientCheckJob(snapshot: SpecSnapshot): GradientCheckOutcome {
  const spec = runnableSpec(snapshot);
  if (isInvalid(spec)) return spec;
  const { markdown, ok } = gradientCheckMarkdown(spec);
  return { type: 'gradcheck', markdown, ok };
}
