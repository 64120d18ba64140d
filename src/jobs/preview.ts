// The preview job: text in, what the preview shows out: parse, validate, run forward + BPTT, summarise one sequence.
// Pure and synchronous; it runs in the extension's worker, off the host's main thread. With `replay`, the weights are
// a training snapshot's instead of the spec's (Training replay), as long as the spec's model is still the one trained.
import { run } from '../engine';
import { snapshotWeights, withWeights } from '../engine/snapshots';
import type { RunResult } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { buildPreviewModel } from '../analysis/previewModel';
import { DEFAULT_THRESHOLDS } from '../analysis/gradientHealth';
import { isInvalid, parseSnapshot, specOrInvalid } from './specInput';
import { modelMismatch } from './trainedModel';
import type { PreviewInput, PreviewOutcome } from './types';

export function computePreview(input: PreviewInput): PreviewOutcome {
  const { spec: snapshot, replay } = input;
  const parsed = specOrInvalid(parseSnapshot(snapshot), snapshot);
  if (isInvalid(parsed)) return parsed;
  const replayRefused = replay && modelMismatch(parsed.model, replay.model);
  const replayed = replay && !replayRefused;
  // the spec's own model reads the snapshot: modelMismatch found it the same network
  const spec = replayed ? withWeights(parsed, snapshotWeights(parsed.model, replay)) : parsed;
  const view = spec.view;
  const requested = input.sequence ?? view?.sequence ?? 0;
  const sequence = Math.min(Math.max(0, Math.floor(requested)), Math.max(0, spec.data.sequences.length - 1));
  const started = performance.now();
  const result = runForView(spec, sequence);
  const computeMs = performance.now() - started;
  // The spec's own `view` thresholds win over the settings: the file is the source of truth.
  const thresholds = {
    vanishing: view?.vanishingThreshold ?? input.thresholds?.vanishing ?? DEFAULT_THRESHOLDS.vanishing,
    exploding: view?.explodingThreshold ?? input.thresholds?.exploding ?? DEFAULT_THRESHOLDS.exploding,
  };
  const model = buildPreviewModel(spec, result, { sequence, layer: input.layer }, { uri: snapshot.uri, version: snapshot.version, computeMs }, thresholds);
  if (replayed) model.replay = { epoch: replay.epoch, epochs: replay.epochs };
  return { type: 'model', uri: snapshot.uri, model, ...(replayRefused ? { replayRefused } : {}) };
}

/**
 * Forward + BPTT over every sequence (the loss and gradients need them all), but the step-Jacobian norms, which
 * cost more than the rest together, and the per-step traces only for the sequence on show: they depend on that
 * sequence alone, and it is all the preview model reads.
 */
function runForView(spec: ParsedSpec, sequence: number): RunResult {
  return run(spec, { jacobianSequence: sequence, traceSequence: sequence });
}
