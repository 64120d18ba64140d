// The cell comparison, the gradient check and the PyTorch script, as jobs: a spec that cannot run answers with its
// first problem.
import { compareCells } from '../analysis/compareCells';
import { gradientCheckReport } from '../analysis/gradientCheckReport';
import { createGradientChecker } from '../engine/gradcheck';
import { JobCancelled, type JobContext } from '../worker/serve';
import { isInvalid, runnableSpec } from './specInput';
import { pytorchScript } from '../export/pytorch';
import type { CompareOutcome, ExportScriptInput, ExportScriptOutcome, GradientCheckOutcome, GradientCheckProgress, SpecSnapshot } from './types';

export function compareJob(snapshot: SpecSnapshot): CompareOutcome {
  const spec = runnableSpec(snapshot);
  if (isInvalid(spec)) return spec;
  return { type: 'comparison', comparison: compareCells(spec, snapshot.uri) };
}

/** Elements in slices of about this long, with a pause between them in which a cancel can arrive. */
const SLICE_MS = 100;

export async function gradientCheckJob(snapshot: SpecSnapshot, context: JobContext<GradientCheckProgress>): Promise<GradientCheckOutcome> {
  const spec = runnableSpec(snapshot);
  if (isInvalid(spec)) return spec;
  // Within the engine's work budget (the same elements on every machine), and stoppable between any two elements.
  const checker = createGradientChecker(spec);
  let more = true;
  while (more) {
    const started = Date.now();
    do more = checker.step(1);
    while (more && Date.now() - started < SLICE_MS);
    context.progress({ checked: checker.checked, planned: checker.planned });
    await context.pause();
    if (context.cancelled) {
      checker.cancel();
      const result = checker.result();
      throw new JobCancelled({ type: 'gradcheck', markdown: gradientCheckReport(spec.name, result), ok: result.ok } satisfies GradientCheckOutcome);
    }
  }
  const result = checker.result();
  return { type: 'gradcheck', markdown: gradientCheckReport(spec.name, result), ok: result.ok };
}

export function exportPytorchJob(input: ExportScriptInput): ExportScriptOutcome {
  const spec = runnableSpec(input.spec);
  if (isInvalid(spec)) return spec;
  return { type: 'script', script: pytorchScript(spec, input.options) };
}
