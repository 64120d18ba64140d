// The cell comparison, the gradient check and the PyTorch script, as jobs: a spec that cannot run answers with its
// first problem.
import { compareCells } from '../analysis/compareCells';
import { gradientCheckMarkdown } from '../analysis/gradientCheckReport';
import { isInvalid, runnableSpec } from './specInput';
import { pytorchScript } from '../export/pytorch';
import type { CompareOutcome, ExportScriptInput, ExportScriptOutcome, GradientCheckOutcome, SpecSnapshot } from './types';

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

export function exportPytorchJob(input: ExportScriptInput): ExportScriptOutcome {
  const spec = runnableSpec(input.spec);
  if (isInvalid(spec)) return spec;
  return { type: 'script', script: pytorchScript(spec, input.options) };
}
