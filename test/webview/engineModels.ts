// Models from the real engine, for the gallery and the tests: what the host's pipeline (src/preview/pipeline.ts)
// does — parse, run forward + BPTT, summarise one sequence — through the spec layer's browser-safe entry, so the
// gallery can run it in the page while the user edits a spec.
import { DEFAULT_THRESHOLDS } from '../../src/analysis/gradientHealth';
import { run } from '../../src/engine/run';
import { buildPreviewModel } from '../../src/analysis/previewModel';
import { isInvalid, specOrInvalid } from '../../src/jobs/specInput';
import type { HostToWebview } from '../../src/protocol';
import { parseSpecText } from '../../src/spec/parse';
import { SETTINGS } from './sampleModels';

export function engineMessage(text: string, uri: string, version: number, sequence?: number, layer?: number): Extract<HostToWebview, { type: 'model' | 'invalid' }> {
  const spec = specOrInvalid(parseSpecText(text, {}), { uri, version });
  if (isInvalid(spec)) return spec;
  const started = performance.now();
  const result = run(spec);
  const computeMs = performance.now() - started;
  const view = spec.view;
  const thresholds = {
    vanishing: view?.vanishingThreshold ?? DEFAULT_THRESHOLDS.vanishing,
    exploding: view?.explodingThreshold ?? DEFAULT_THRESHOLDS.exploding,
  };
  const model = buildPreviewModel(spec, result, { sequence: sequence ?? view?.sequence ?? 0, layer }, { uri, version, computeMs }, thresholds);
  return { type: 'model', model, settings: { ...SETTINGS, thresholds } };
}
