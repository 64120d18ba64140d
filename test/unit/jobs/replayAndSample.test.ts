// The jobs behind Training replay, a diverged run's advice and sampling from the palette: training keeps its
// snapshots and says where it diverged; the preview runs a snapshot's weights (and refuses those of another model);
// a text spec samples with the weights trained in the session or its own, and says which.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_HANDLERS } from '../../../src/jobs/handlers';
import { snapshotFromText } from '../../../src/jobs/snapshotFromDisk';
import { modelSignature } from '../../../src/engine/modelSignature';
import { modelMismatch } from '../../../src/jobs/trainedModel';
import type { PreviewOutcome, SampleOutcome, SpecSnapshot, TextInfo, TrainOutcome, TrainReport } from '../../../src/jobs/types';
import type { JobContext } from '../../../src/worker/serve';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const example = (name: string) => snapshotFromText(readFileSync(join(EXAMPLES, `${name}.rnn.json`), 'utf8'), { uri: `file:///${name}`, baseDir: EXAMPLES });

function edited(snapshot: SpecSnapshot, change: (spec: Record<string, any>) => void): SpecSnapshot {
  const spec = JSON.parse(snapshot.text);
  change(spec);
  return { ...snapshot, text: JSON.stringify(spec, null, 2) };
}

const quiet: JobContext<TrainReport> = { progress: () => {}, cancelled: false, pause: () => Promise.resolve() };

async function trained(snapshot: SpecSnapshot, epochs: number): Promise<Extract<TrainOutcome, { type: 'trained' }>> {
  const outcome = await JOB_HANDLERS.train({ spec: snapshot, epochs, progressEveryMs: 1000, snapshots: true }, quiet);
  assert.equal(outcome.type, 'trained');
  return outcome as Extract<TrainOutcome, { type: 'trained' }>;
}

const preview = (input: Parameters<typeof JOB_HANDLERS.preview>[0]) => JOB_HANDLERS.preview(input, quiet) as PreviewOutcome;

describe('training replay and divergence (jobs)', () => {
  it('train keeps a snapshot of every epoch of a short run, the initial weights first', async () => {
    const outcome = await trained(example('sine'), 12);
    assert.deepEqual(outcome.snapshots.map((s) => s.epoch), Array.from({ length: 13 }, (_, e) => e));
    assert.ok(outcome.snapshots.every((s) => s.params instanceof Float64Array && s.params.length === outcome.snapshots[0].params.length));
  });

  it('train says where a run diverged, with its learning rate and no clip', async () => {
    const snapshot = edited(example('exploding'), (spec) => {
      spec.model.weights.weight_hh_l0 = [[3]];
      spec.data.generate.length = 400;
      spec.training = { optimizer: 'sgd', learningRate: 0.5, epochs: 50 };
    });
    const outcome = await trained(snapshot, 50);
    assert.equal(outcome.progress.status, 'diverged');
    assert.ok(outcome.divergence, 'a divergence');
    assert.equal(outcome.divergence.epoch, outcome.history.loss.length, 'the epoch whose loss is the last (non-finite) entry');
    assert.equal(outcome.divergence.learningRate, 0.5);
    assert.equal(outcome.divergence.clipNorm, undefined);
    assert.ok(!Number.isFinite(outcome.history.loss.at(-1)!));
  });

  it('preview with a snapshot runs its weights, says which epoch, and the first epoch is the spec\'s initial weights', async () => {
    const snapshot = example('long-range-lstm');
    const outcome = await trained(snapshot, 6);
    const asSpec = preview({ spec: snapshot });
    const [first, last] = [outcome.snapshots[0], outcome.snapshots.at(-1)!];
    const at = (s: typeof first) => preview({ spec: snapshot, replay: { epoch: s.epoch, epochs: 6, params: s.params, model: outcome.model } });
    const initial = at(first);
    const end = at(last);
    assert.ok(asSpec.type === 'model' && initial.type === 'model' && end.type === 'model');
    assert.equal(asSpec.model.replay, undefined);
    assert.deepEqual(initial.model.replay, { epoch: 0, epochs: 6 });
    assert.deepEqual(end.model.replay, { epoch: 6, epochs: 6 });
    assert.deepEqual(initial.model.gradNorm, asSpec.model.gradNorm, 'epoch 0 holds the weights the spec starts from');
    assert.notDeepEqual(end.model.gradNorm, asSpec.model.gradNorm, 'six epochs later the gradient reaching each step differs');
    assert.ok(end.model.loss.value < asSpec.model.loss.value, `the loss fell: ${asSpec.model.loss.value} → ${end.model.loss.value}`);
  });

  it('preview refuses a snapshot of another model, and shows the spec\'s weights instead', async () => {
    const outcome = await trained(example('sine'), 2);
    const wider = edited(example('sine'), (spec) => (spec.model.hiddenSize = 5));
    const s = outcome.snapshots[1];
    const result = preview({ spec: wider, replay: { epoch: 1, epochs: 2, params: s.params, model: outcome.model } });
    assert.ok(result.type === 'model');
    assert.equal(result.model.replay, undefined);
    assert.match(result.replayRefused ?? '', /hiddenSize \d+ → 5/);
  });

  it('modelMismatch names what changed and ignores what does not matter to the weights', () => {
    const model = { cell: 'rnn' as const, inputSize: 1, hiddenSize: 3, outputSize: 1 };
    const trained = modelSignature(model);
    assert.equal(modelMismatch({ ...model, numLayers: 1, init: { seed: 4 } }, trained), undefined);
    assert.match(modelMismatch({ ...model, cell: 'gru' }, trained) ?? '', /cell rnn → gru/);
    assert.match(modelMismatch({ ...model, nonlinearity: 'relu' }, trained) ?? '', /nonlinearity tanh → relu/);
  });
});

describe('sampling (jobs)', () => {
  const sample = (input: Omit<Parameters<typeof JOB_HANDLERS.sample>[0], 'length' | 'temperature' | 'seed'> & Partial<Parameters<typeof JOB_HANDLERS.sample>[0]>) =>
    JOB_HANDLERS.sample({ length: 40, temperature: 0, seed: 0, ...input }, quiet) as SampleOutcome;

  it('textInfo: the vocabulary and the first character of the text; a spec without text is refused in words', () => {
    const info = JOB_HANDLERS.textInfo(example('char-rnn'), quiet) as TextInfo;
    const text = readFileSync(join(EXAMPLES, 'char-rnn.txt'), 'utf8');
    assert.ok(info.type === 'text');
    assert.equal(info.first, text[0]);
    assert.deepEqual(info.vocabulary, [...new Set(text.replace(/\r\n/g, '\n'))].sort());
    const other = JOB_HANDLERS.textInfo(example('sine'), quiet) as TextInfo;
    assert.ok(other.type === 'refused' && /not "text"/.test(other.message));
  });

  it('samples the spec\'s own weights (untrained: from init) and says so; greedy is deterministic', () => {
    const a = sample({ spec: example('char-rnn'), prime: 'It' });
    const b = sample({ spec: example('char-rnn'), prime: 'It' });
    assert.ok(a.type === 'sample' && b.type === 'sample');
    assert.deepEqual(a, b);
    assert.equal(a.sample.weights, 'init');
    assert.match(a.sample.weightsNote, /untrained/);
    assert.equal(a.sample.steps.length, 40);
    for (const step of a.sample.steps) {
      assert.equal(step.character, step.candidates[0].character, 'greedy draws the most probable');
      assert.equal(step.probability, step.candidates[0].probability);
    }
  });

  it('samples with the weights trained in the session when they fit the model, else with the spec\'s and says why', async () => {
    const snapshot = edited(example('char-rnn'), (spec) => (spec.model.hiddenSize = 8));
    const outcome = await trained(snapshot, 1);
    const own = sample({ spec: snapshot });
    const withTrained = sample({ spec: snapshot, trained: { weights: outcome.weights, model: outcome.model, note: 'trained in this session (1 epoch)' } });
    assert.ok(own.type === 'sample' && withTrained.type === 'sample');
    assert.equal(withTrained.sample.weights, 'trained');
    assert.equal(withTrained.sample.weightsNote, 'trained in this session (1 epoch)');
    assert.notDeepEqual(withTrained.sample.steps.map((s) => s.probability), own.sample.steps.map((s) => s.probability));
    const changed = edited(snapshot, (spec) => (spec.model.hiddenSize = 9));
    const refused = sample({ spec: changed, trained: { weights: outcome.weights, model: outcome.model, note: 'x' } });
    assert.ok(refused.type === 'sample');
    assert.equal(refused.sample.weights, 'init');
    assert.match(refused.sample.weightsNote, /do not fit: the model changed since it was trained \(hiddenSize 8 → 9\)/);
  });

  it('an empty prime starts from the text\'s first character; an unknown character is refused in words', () => {
    const outcome = sample({ spec: example('char-rnn'), prime: '' });
    assert.ok(outcome.type === 'sample');
    assert.equal(outcome.sample.prime, readFileSync(join(EXAMPLES, 'char-rnn.txt'), 'utf8')[0]);
    const refused = sample({ spec: example('char-rnn'), prime: 'Zq€' });
    assert.ok(refused.type === 'refused');
    assert.match(refused.message, /not in the text's vocabulary/);
  });
});
