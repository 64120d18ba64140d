// Text in, what the preview shows out: parse, validate, run forward + BPTT, summarise one sequence.
// Pure and synchronous; the preview worker calls it off the extension host's main thread.
import { run } from '../engine';
import type { RunResult } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { parseSpec } from '../spec';
import type { HostToWebview, PreviewModel, Thresholds } from '../protocol';
import { buildPreviewModel } from './previewModel';
import { DEFAULT_THRESHOLDS } from '../analysis/gradientHealth';

export interface PreviewJob {
  uri: string;
  version: number;
  text: string;
  /** folder of the spec, for relative data files */
  baseDir?: string;
  fileName?: string;
  /** absent = the spec's view.sequence, else 0 */
  sequence?: number;
  thresholds?: Thresholds;
}

export type PreviewOutcome = { type: 'model'; uri: string; model: PreviewModel } | Extract<HostToWebview, { type: 'invalid' }>;

export function computePreview(job: PreviewJob): PreviewOutcome {
  const parsed = parseSpec(job.text, { baseDir: job.baseDir, fileName: job.fileName });
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.spec || errors.length > 0) {
    const first = errors[0] ?? parsed.problems[0];
    return {
      type: 'invalid',
      uri: job.uri,
      version: job.version,
      problem: first
        ? { message: first.message, line: first.line, column: first.column }
        : { message: 'The spec could not be read.', line: 1, column: 1 },
      problemCount: Math.max(1, errors.length),
    };
  }
  const spec = parsed.spec;
  const view = spec.view;
  const requested = job.sequence ?? view?.sequence ?? 0;
  const sequence = Math.min(Math.max(0, Math.floor(requested)), Math.max(0, spec.data.sequences.length - 1));
  const started = performance.now();
  const result = runForView(spec, sequence);
  const computeMs = performance.now() - started;
  // The spec's own `view` thresholds win over the settings: the file is the source of truth.
  const thresholds = {
    vanishing: view?.vanishingThreshold ?? job.thresholds?.vanishing ?? DEFAULT_THRESHOLDS.vanishing,
    exploding: view?.explodingThreshold ?? job.thresholds?.exploding ?? DEFAULT_THRESHOLDS.exploding,
  };
  const model = buildPreviewModel(spec, result, sequence, { uri: job.uri, version: job.version, computeMs }, thresholds);
  return { type: 'model', uri: job.uri, model };
}

/**
 * Forward + BPTT over every sequence (the loss and gradients need them all), but the step-Jacobian norms, which
 * cost more than the rest together, only for the sequence on show: they depend on that sequence alone.
 */
function runForView(spec: ParsedSpec, sequence: number): RunResult {
  return run(spec, { jacobianSequence: sequence });
}
