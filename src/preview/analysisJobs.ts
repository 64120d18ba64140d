// One-off analyses the worker runs on request: the cell comparison and the gradient check.
import { parseSpec } from '../spec';
import type { Comparison, PreviewProblem } from '../protocol';
import { compareCells } from '../analysis/compareCells';
import { gradientCheckMarkdown } from '../analysis/gradientCheckReport';
import type { ParsedSpec } from '../spec/types';
import type { PreviewJob } from './pipeline';

export type AnalysisOutcome =
  | { type: 'comparison'; comparison: Comparison }
  | { type: 'gradcheck'; markdown: string; ok: boolean }
  | { type: 'invalid'; problem: PreviewProblem };

function parsed(job: PreviewJob): ParsedSpec | PreviewProblem {
  const result = parseSpec(job.text, { baseDir: job.baseDir, fileName: job.fileName });
  const error = result.problems.find((p) => p.severity === 'error');
  if (result.spec && !error) return result.spec;
  return error
    ? { message: error.message, line: error.line, column: error.column }
    : { message: 'The spec could not be read.', line: 1, column: 1 };
}

export function computeComparison(job: PreviewJob): AnalysisOutcome {
  const spec = parsed(job);
  if (!('model' in spec)) return { type: 'invalid', problem: spec };
  return { type: 'comparison', comparison: compareCells(spec, job.uri) };
}

export function computeGradientCheck(job: PreviewJob): AnalysisOutcome {
  const spec = parsed(job);
  if (!('model' in spec)) return { type: 'invalid', problem: spec };
  const { markdown, ok } = gradientCheckMarkdown(spec);
  return { type: 'gradcheck', markdown, ok };
}
