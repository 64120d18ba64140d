// A small character model from the real engine, for the gallery and the views' tests: an inline text (no file to
// read in a browser), its preview after a short training run, and text sampled from it. Seeded: the pictures are
// the same on every run.
import { createTrainer, sampleText, withWeights } from '../../src/engine';
import type { PreviewModel, SampleShown } from '../../src/protocol';
import { parseSpecText } from '../../src/spec/parse';
import { engineMessage } from './engineModels';

const TEXT = 'the cat sat on the mat. the rat ate the hat. that cat and that rat sat on the mat at the end.\nthe end.';

export const TEXT_SPEC = JSON.stringify({
  version: 1,
  name: 'Tiny char-rnn',
  model: { cell: 'lstm', inputSize: 14, hiddenSize: 24, outputSize: 14, init: { scheme: 'pytorch', seed: 3, forgetBias: 1 } },
  data: { text: { inline: TEXT, window: 16, stride: 8 } },
  training: { optimizer: 'adam', learningRate: 0.02, epochs: 20, batchSize: 4, clipNorm: 5, seed: 1 },
});

function trainedSpec() {
  const parsed = parseSpecText(TEXT_SPEC, {});
  if (!parsed.spec) throw new Error(`the text spec is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const trainer = createTrainer(parsed.spec);
  trainer.step(Infinity);
  return { spec: parsed.spec, weights: trainer.weights(), epochs: trainer.epoch, loss: trainer.history.loss.at(-1)! };
}

let cached: ReturnType<typeof trainedSpec> | undefined;
const trained = () => (cached ??= trainedSpec());

/** The text spec's preview with its trained weights, as the host would post it. */
export function textModel(uri: string, version: number, sequence = 0): PreviewModel {
  const { weights } = trained();
  const spec = JSON.parse(TEXT_SPEC);
  spec.model.weights = weights;
  const message = engineMessage(JSON.stringify(spec), uri, version, sequence);
  if (message.type !== 'model') throw new Error(message.problem.message);
  return message.model;
}

/** Text written by the trained model, as the host posts it after "Unroll: Sample from Model". */
export function textSample(uri: string, options: { prime?: string; length?: number; temperature?: number; seed?: number } = {}): SampleShown {
  const { spec, weights, epochs, loss } = trained();
  const outcome = sampleText(withWeights(spec, weights), { prime: options.prime ?? 'the ', length: options.length ?? 120, temperature: options.temperature ?? 0.8, seed: options.seed ?? 0 });
  if (!outcome.ok) throw new Error(outcome.message);
  const { result } = outcome;
  return {
    uri,
    prime: result.prime,
    steps: result.steps.map((s) => ({ character: s.character, probability: s.probability, candidates: s.candidates.map((c) => ({ character: c.character, probability: c.probability })) })),
    temperature: result.temperature,
    seed: result.seed,
    weights: 'trained',
    weightsNote: `trained in this session (${epochs} epochs, loss ${loss.toPrecision(4)})`,
  };
}
