// Models from the real engine, for the gallery and the tests: what the host's pipeline (src/preview/pipeline.ts)
// does — parse, run forward + BPTT, summarise one sequence — through the spec layer's browser-safe entry, so the
// gallery can run it in the page while the user edits a spec.
import { DEFAULT_THRESHOLDS } from '../../src/analysis/gradientHealth';
import { run } from '../../src/engine/run';
import { buildPreviewModel } from '../../src/analysis/previewModel';
import type { HostToWebview } from '../../src/protocol';
import { parseSpecText } from '../../src/spec/parse';
import { SETTINGS } from './sampleModels';

export function engineMessage(text: string, uri: string, version: number, sequence?: number): Extract<HostToWebview, { type: 'model' | 'invalid' }> {
  const parsed = parseSpecText(text, {});
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.spec || errors.length > 0) {
    const first = errors[0] ?? parsed.problems[0];
    return {
      type: 'invalid',
      uri,
      version,
      problem: first ? { message: first.message, line: first.line, column: first.column } : { message: 'The spec could not be read.', line: 1, column: 1 },
      problemCount: Math.max(1, errors.length),
    };
  }
  const started = performance.now();
  const result = run(parsed.spec);
  const computeMs = performance.now() - started;
  const view = parsed.spec.view;
  const thresholds = {
    vanishing: view?.vanishingThreshold ?? DEFAULT_THRESHOLDS.vanishing,
    exploding: view?.explodingThreshold ?? DEFAULT_THRESHOLDS.exploding,
  };
  const model = buildPreviewModel(parsed.spec, result, sequence ?? view?.sequence ?? 0, { uri, version, computeMs }, thresholds);
  return { type: 'model', model, settings: { ...SETTINGS, thresholds } };
}
