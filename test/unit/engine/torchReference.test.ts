// Minibatch training and greedy sampling against real PyTorch: test/pytorch/reference.py builds the same model with
// torch.nn, trains it with torch.optim in a loop over a DataLoader(shuffle=False) and samples it greedily, from the
// engine's initial weights. Loss curves, gradient norms, validation losses and final weights must agree to 1e-8
// relative. Skipped, saying why, where no Python with torch is installed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTrainer, sampleText, withWeights } from '../../../src/engine';
import type { EngineSpec, TrainOptions } from '../../../src/engine/types';
import { parseSpec } from '../../../src/spec/index';
import { assertClose, randomSpec } from './helpers';

const SCRIPT = join(__dirname, '..', '..', 'pytorch', 'reference.py');
/** 1e-8 relative, as the issue asks; the absolute part only matters for numbers within ~1e-5 of zero. */
const AGREE = { relative: 1e-8, absolute: 1e-13 };

/** The first Python that imports torch: `python3` on PATH, then the system's. */
function findTorch(): { python: string } | { reason: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
  }
  return { reason: 'no Python with torch installed (tried python3 and /usr/bin/python3)' };
}

function torch(python: string, input: unknown[]): any[] {
  const run = spawnSync(python, [SCRIPT], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, `reference.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** What PyTorch needs to rebuild the case: the model with the engine's initial weights, the data, the loss, the settings. */
function torchCase(spec: EngineSpec, options: TrainOptions, initial: Record<string, unknown>) {
  const text = spec.data.text;
  const data = text
    ? { text: { codes: Array.from(text.codes), window: text.window, stride: text.stride, vocabularySize: text.vocabulary.length } }
    : { sequences: spec.data.sequences };
  return {
    mode: 'train',
    model: { ...spec.model, weights: initial },
    data: { ...data, validation: spec.data.validation ?? 0 },
    loss: spec.loss,
    training: { ...spec.training, ...options },
  };
}

const STORY =
  'the cat sat on the mat. the dog sat on the log. the cat saw the dog, and the dog saw the cat. ' +
  'then the cat ran to the mat and the dog ran to the log, and they sat there all day in the sun.';

function textSpec(cell: string, numLayers: number): EngineSpec {
  const source = JSON.stringify({
    version: 1,
    model: { cell, inputSize: 20, hiddenSize: 8, numLayers, outputSize: 20, init: { seed: 4 } },
    data: { text: { inline: STORY, window: 9, stride: 7 }, validation: 3 },
  });
  const parsed = parseSpec(source);
  assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), []);
  return parsed.spec!;
}

const CASES: { name: string; spec: () => EngineSpec; options: TrainOptions }[] = [
  {
    name: 'lstm on text, SGD with momentum, clipNorm, a smaller last minibatch',
    spec: () => textSpec('lstm', 1),
    options: { optimizer: 'sgd', learningRate: 0.5, momentum: 0.9, clipNorm: 0.5, batchSize: 5, shuffle: false, epochs: 6 },
  },
  {
    name: '2-layer lstm on text, Adam, clipNorm',
    spec: () => textSpec('lstm', 2),
    options: { optimizer: 'adam', learningRate: 0.01, clipNorm: 1, batchSize: 4, shuffle: false, epochs: 5 },
  },
  {
    name: 'gru on text, Adam, clipValue',
    spec: () => textSpec('gru', 1),
    options: { optimizer: 'adam', learningRate: 0.02, beta1: 0.8, clipValue: 0.05, batchSize: 8, shuffle: false, epochs: 5 },
  },
  {
    name: 'rnn (tanh) with a sigmoid head, mse on the last step, SGD with momentum and clipValue',
    spec: () => ({ ...randomSpec({ cell: 'rnn', loss: { type: 'mse', on: 'last' }, lengths: [6, 6, 6, 6, 6, 6, 6], outputActivation: 'sigmoid', seed: 8 }) }),
    options: { optimizer: 'sgd', learningRate: 0.3, momentum: 0.5, clipValue: 0.2, batchSize: 3, shuffle: false, epochs: 7 },
  },
  {
    name: 'gru, cross-entropy on the last step, Adam, a validation set',
    spec: () => {
      const spec = randomSpec({ cell: 'gru', loss: { type: 'cross-entropy', on: 'last' }, lengths: [5, 5, 5, 5, 5, 5, 5, 5, 5], seed: 9 });
      return { ...spec, data: { ...spec.data, validation: 2 } };
    },
    options: { optimizer: 'adam', learningRate: 0.05, batchSize: 2, shuffle: false, epochs: 6, clipNorm: 0.3 },
  },
];

/** The worst |engine − torch| / |torch| seen, printed at the end: how close "1e-8" really is. */
let worst = 0;
function agree(actual: unknown, expected: unknown, what: string): void {
  assertClose(actual, expected, AGREE, what);
  const visit = (a: unknown, e: unknown): void => {
    if (Array.isArray(e)) return e.forEach((x, i) => visit((a as unknown[])[i], x));
    if (e && typeof e === 'object') return Object.keys(e).forEach((k) => visit((a as any)[k], (e as any)[k]));
    if (typeof e === 'number' && Math.abs(e) > 1e-6) worst = Math.max(worst, Math.abs((a as number) - e) / Math.abs(e));
  };
  visit(actual, expected);
}

describe('matches a PyTorch training loop and greedy sampling', function () {
  this.timeout(300_000);
  const found = findTorch();
  const trainers = CASES.map(({ spec, options }) => ({ spec: spec(), options }));
  let expected: any[] = [];
  let sampling: { outcome: ReturnType<typeof sampleText>; expected: any } | undefined;

  before(function () {
    if ('reason' in found) {
      console.log(`      skipped: ${found.reason}; these cases need torch to compare against`);
      this.skip();
    }
    // Every case in one Python process: torch takes seconds to import.
    const inputs: unknown[] = trainers.map(({ spec, options }) => torchCase(spec, options, createTrainer(spec, options).weights()));
    const sample = greedySample();
    inputs.push(sample.input);
    const outputs = torch(found.python, inputs);
    expected = outputs.slice(0, trainers.length);
    sampling = { outcome: sample.outcome, expected: outputs[trainers.length] };
  });

  after(() => {
    if (expected.length > 0) console.log(`      worst relative difference from PyTorch: ${worst.toExponential(1)}`);
  });

  CASES.forEach(({ name }, i) => {
    it(name, () => {
      const { spec, options } = trainers[i];
      const trainer = createTrainer(spec, options);
      trainer.step(Infinity);
      const { history } = trainer;
      assert.equal(history.loss.length, options.epochs);
      agree(history.loss, expected[i].loss, 'loss');
      agree(history.gradNorm, expected[i].gradNorm, 'gradNorm');
      agree(history.validationLoss, expected[i].validationLoss, 'validationLoss');
      agree(trainer.weights(), expected[i].weights, 'weights');
      assert.ok(history.loss.at(-1)! < history.loss[0], 'and it learns something');
    });
  });

  it('greedy sampling from trained weights writes the same characters with the same probabilities', () => {
    const { outcome, expected: reference } = sampling!;
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result.steps.map((s) => s.index), reference.classes);
    agree(outcome.result.steps.map((s) => s.probability), reference.probabilities, 'probabilities');
  });
});

/** An lstm trained a little on the story, then sampled greedily: the engine's result and PyTorch's input. */
function greedySample() {
  const spec = textSpec('lstm', 1);
  const trainer = createTrainer(spec, { optimizer: 'adam', learningRate: 0.02, batchSize: 4, epochs: 30 });
  trainer.step(Infinity);
  const trained = withWeights(spec, trainer.weights());
  const prime = 'the cat';
  const outcome = sampleText(trained, { prime, length: 60, temperature: 0 });
  const vocabulary = spec.data.text!.vocabulary;
  const input = { mode: 'sample', model: trained.model, prime: [...prime].map((c) => vocabulary.indexOf(c)), length: 60 };
  return { outcome, input };
}
