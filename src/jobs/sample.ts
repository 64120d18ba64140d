// Sampling from a text spec's character model, as jobs: what the prompts need (the vocabulary and the text's first
// character, the default prime), and the sample itself with the weights trained in this session or the spec's own.
import { sampleText, withWeights } from '../engine';
import type { ParsedSpec } from '../spec/types';
import { isInvalid, runnableSpec } from './specInput';
import { modelMismatch } from './trainedModel';
import type { SampleInput, SampleOutcome, SpecSnapshot, TextInfo } from './types';

const NOT_TEXT = 'Sampling writes characters of a text, and this spec\'s data is not "text" (see the char-rnn example).';

export function textInfoJob(snapshot: SpecSnapshot): TextInfo {
  const spec = runnableSpec(snapshot);
  if (isInvalid(spec)) return spec;
  const text = spec.data.text;
  if (!text) return { type: 'refused', message: NOT_TEXT };
  return { type: 'text', vocabulary: text.vocabulary, first: text.vocabulary[text.codes[0]] };
}

export function sampleJob(input: SampleInput): SampleOutcome {
  const spec = runnableSpec(input.spec);
  if (isInvalid(spec)) return spec;
  const text = spec.data.text;
  if (!text) return { type: 'refused', message: NOT_TEXT };
  const mismatch = input.trained && modelMismatch(spec.model, input.trained.model);
  const trained = input.trained && !mismatch ? input.trained : undefined;
  const outcome = sampleText(trained ? withWeights(spec, trained.weights) : spec, {
    prime: input.prime || text.vocabulary[text.codes[0]],
    length: input.length,
    temperature: input.temperature,
    seed: input.seed,
  });
  if (!outcome.ok) return { type: 'refused', message: outcome.message };
  const { result } = outcome;
  const own = ownWeights(spec);
  return {
    type: 'sample',
    sample: {
      prime: result.prime,
      steps: result.steps.map((s) => ({
        character: s.character,
        probability: s.probability,
        candidates: s.candidates.map((c) => ({ character: c.character, probability: c.probability })),
      })),
      temperature: result.temperature,
      seed: result.seed,
      weights: trained ? 'trained' : own.weights,
      weightsNote: trained ? trained.note : mismatch ? `${own.note}; the weights trained earlier do not fit: ${mismatch}` : own.note,
    },
  };
}

/** Whose weights a spec samples with when nothing was trained, said so that an untrained model's gibberish is not taken for a bug. */
function ownWeights(spec: ParsedSpec): { weights: 'spec' | 'init'; note: string } {
  const given = Object.keys(spec.model.weights ?? {}).length;
  const all = 2 + 4 * (spec.model.numLayers ?? 1);
  if (given === 0) return { weights: 'init', note: `untrained: drawn by init (seed ${spec.model.init?.seed ?? 0}); train first (Unroll: Train) for text like the original` };
  return { weights: 'spec', note: given >= all ? "the spec's weights" : "the spec's weights, the missing ones from init" };
}
