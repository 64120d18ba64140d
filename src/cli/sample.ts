// `unroll sample SPEC`: write text with the spec's character model: the prime fed one character at a time from a
// zero state, then each drawn character fed back (min-char-rnn's loop). The weights are the spec's own (after
// "Save Trained Weights" the trained ones; missing ones from `init`), or, with --train, those of a training run first.
import { sampleText, withWeights, SAMPLE_DEFAULTS, TRAINING_DEFAULTS } from '../engine/index';
import type { ParsedSpec } from '../spec/types';
import { UsageError } from './args';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { loadSpecReporting } from './load';
import { trainWithProgress } from './progress';

export interface SampleCommandOptions {
  json: boolean;
  quiet: boolean;
  /** default: the text's first character */
  prime?: string;
  length?: number;
  temperature?: number;
  seed?: number;
  train: boolean;
  epochs?: number;
}

export const SAMPLE_LENGTH = 200;

export function sampleCommand(io: Io, file: string, options: SampleCommandOptions): number {
  const loaded = loadSpecReporting(io, file);
  if (!loaded) return EXIT_USAGE;
  let spec: ParsedSpec = loaded;
  const text = spec.data.text;
  if (!text) throw new UsageError(`${file} has no text data ("data": {"text": …}): there are no characters to sample`, 'sample');

  let weights = describeWeights(spec);
  if (options.train) {
    const epochs = options.epochs ?? spec.training?.epochs ?? TRAINING_DEFAULTS.epochs;
    const { trainer, last } = trainWithProgress(io, spec, epochs, options);
    spec = withWeights(spec, trainer.weights());
    weights = `trained here for ${last.epoch} epochs (loss ${last.loss.toFixed(4)}${Number.isNaN(last.validationLoss) ? '' : `, validation ${last.validationLoss.toFixed(4)}`})`;
    if (last.status === 'diverged') io.err(`${file}: training diverged after ${last.epoch} epochs; sampling from the last finite weights\n`);
  }
  const outcome = sampleText(spec, {
    prime: options.prime ?? text.vocabulary[text.codes[0]],
    length: options.length ?? SAMPLE_LENGTH,
    temperature: options.temperature ?? SAMPLE_DEFAULTS.temperature,
    seed: options.seed ?? SAMPLE_DEFAULTS.seed,
  });
  if (!outcome.ok) throw new UsageError(outcome.message, 'sample');
  const { result } = outcome;
  if (options.json) {
    io.out(toJson({ ...result, weights }) + '\n');
    return EXIT_OK;
  }
  if (!options.quiet) io.err(`${file}: temperature ${result.temperature}${result.temperature > 0 ? `, seed ${result.seed}` : ' (greedy)'}; weights ${weights}\n`);
  io.out(result.prime + result.text + '\n');
  return EXIT_OK;
}

/** Where the weights come from, so an untrained model's gibberish is not mistaken for a bug. */
function describeWeights(spec: ParsedSpec): string {
  const given = Object.keys(spec.model.weights ?? {}).length;
  if (given === 0) return `untrained, from init (seed ${spec.model.init?.seed ?? 0}): train first, or use --train`;
  return given === 2 + 4 * (spec.model.numLayers ?? 1) ? 'from the spec' : 'from the spec, the missing ones from init';
}
