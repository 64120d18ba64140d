// The worker's jobs, run in-process: what each answers for a valid spec, an invalid one and a refused file, and how
// training reports progress and stops on a cancel with the weights it reached.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_HANDLERS } from '../../../src/jobs/handlers';
import { snapshotFromText } from '../../../src/jobs/snapshotFromDisk';
import type { GradientCheckProgress, TrainReport } from '../../../src/jobs/types';
import type { JobContext } from '../../../src/worker/serve';
import { JobCancelled } from '../../../src/worker/serve';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const example = (name: string) => snapshotFromText(readFileSync(join(EXAMPLES, `${name}.rnn.json`), 'utf8'), { uri: `file:///${name}`, baseDir: EXAMPLES });

function context<P = TrainReport>(cancelAfter = Infinity): JobContext<P> & { reports: P[] } {
  const reports: P[] = [];
  return {
    reports,
    progress: (report) => reports.push(report),
    get cancelled() {
      return reports.length >= cancelAfter;
    },
    pause: () => Promise.resolve(),
  };
}

describe('jobs', () => {
  it('preview: a model for a valid spec, stamped with its document and version', () => {
    const outcome = JOB_HANDLERS.preview({ spec: { ...example('exploding'), version: 7 } }, context()) as ReturnType<typeof import('../../../src/jobs/preview').computePreview>;
    assert.equal(outcome.type, 'model');
    assert.ok(outcome.type === 'model' && outcome.model.version === 7 && outcome.model.uri === 'file:///exploding' && outcome.model.steps === 50);
  });

  it('preview: a file the host refused is a problem on its name, in the host\'s words', () => {
    const snapshot = example('stock-prices');
    const file = Object.keys(snapshot.files)[0];
    snapshot.files[file] = { refused: 'EOUTSIDE', message: 'it is outside the workspace, and this workspace is not trusted' };
    const outcome = JOB_HANDLERS.preview({ spec: snapshot }, context()) as { type: string; problem: { message: string; line: number } };
    assert.equal(outcome.type, 'invalid');
    assert.match(outcome.problem.message, /outside the workspace/);
    const text = snapshot.text;
    assert.equal(outcome.problem.line, text.slice(0, text.indexOf(`"${file}"`)).split('\n').length);
  });

  it('check: the problems with their ranges', () => {
    const snapshot = example('sine');
    const problems = JOB_HANDLERS.check({ ...snapshot, text: snapshot.text.replace('"cell": "rnn"', '"cell": "rnm"') }, context()) as { code: string }[];
    assert.ok(problems.some((p) => p.code === 'schema' || p.code === 'enum'), JSON.stringify(problems.map((p) => p.code)));
  });

  it('compare and gradcheck: a spec that cannot run answers with its first problem, not an exception', async () => {
    const broken = { ...example('sine'), text: '{ "version": 1, ' };
    const compared = (await JOB_HANDLERS.compare(broken, context())) as { type: string };
    const checked = (await JOB_HANDLERS.gradcheck(broken, context<GradientCheckProgress>())) as { type: string };
    assert.equal(compared.type, 'invalid');
    assert.equal(checked.type, 'invalid');
  });

  it('train: reports only what is new, and the reports add up to the history', async () => {
    const ctx = context();
    const outcome = await JOB_HANDLERS.train({ spec: example('sine'), epochs: 30, progressEveryMs: 0 }, ctx);
    assert.ok(outcome.type === 'trained');
    assert.equal(ctx.reports.length, 30, 'a 0 ms slice: one epoch per report');
    assert.deepEqual(ctx.reports.map((r) => r.from), Array.from({ length: 30 }, (_, i) => i));
    assert.deepEqual(ctx.reports.flatMap((r) => r.loss), outcome.history.loss);
    assert.equal(outcome.progress.status, 'done');
    assert.equal(outcome.model.cell, 'rnn');
  });

  it('train: a cancel stops it between slices, with the weights reached so far', async () => {
    const ctx = context(3);
    await assert.rejects(
      Promise.resolve(JOB_HANDLERS.train({ spec: example('sine'), epochs: 10_000, progressEveryMs: 0 }, ctx)),
      (error: unknown) => {
        assert.ok(error instanceof JobCancelled);
        const partial = error.partial as { type: string; progress: { epoch: number }; weights: Record<string, unknown> };
        assert.equal(partial.type, 'trained');
        assert.equal(partial.progress.epoch, 3);
        assert.ok(partial.weights['weight_hh_l0']);
        return true;
      },
    );
  });

  it('train: reports between minibatches, with an epoch\'s losses (and validation loss) when it ends', async () => {
    const snapshot = example('sine');
    const spec = JSON.parse(snapshot.text);
    spec.data.validation = 2;
    spec.training = { ...spec.training, epochs: 2, batchSize: 3, shuffle: false };
    const ctx = context();
    await JOB_HANDLERS.train({ spec: { ...snapshot, text: JSON.stringify(spec) }, progressEveryMs: 0 }, ctx);
    // 8 sequences, 2 held out: 6 to train on in minibatches of 3, so two reports per epoch.
    assert.deepEqual(ctx.reports.map((r) => [r.progress.epoch, r.progress.batch]), [[0, 1], [1, 0], [1, 1], [2, 0]]);
    assert.deepEqual(ctx.reports.map((r) => r.loss.length), [0, 1, 0, 1]);
    assert.deepEqual(ctx.reports.map((r) => r.validationLoss.length), [0, 1, 0, 1]);
  });

  it('train: a cancel stops within one minibatch', async () => {
    const snapshot = example('sine');
    const spec = JSON.parse(snapshot.text);
    spec.training = { ...spec.training, epochs: 1000, batchSize: 2 };
    const ctx = context(1);
    await assert.rejects(Promise.resolve(JOB_HANDLERS.train({ spec: { ...snapshot, text: JSON.stringify(spec) }, progressEveryMs: 0 }, ctx)), (error: unknown) => {
      const partial = (error as JobCancelled).partial as { progress: { epoch: number; updates: number } };
      assert.deepEqual([partial.progress.epoch, partial.progress.updates], [0, 1]);
      return true;
    });
  });

  it('gradcheck: reports progress, and a cancel stops it with what it checked so far', async () => {
    const ctx = context<GradientCheckProgress>();
    const done = (await JOB_HANDLERS.gradcheck(example('sine'), ctx)) as { type: string; markdown: string; ok: boolean };
    assert.equal(done.type, 'gradcheck');
    assert.ok(done.ok, done.markdown.slice(0, 400));
    assert.ok(ctx.reports.length >= 1 && ctx.reports.at(-1)!.checked === ctx.reports.at(-1)!.planned);
    // A model with too many elements for one 100 ms slice, so the cancel after the first report finds work left.
    const big = example('sine');
    const spec = JSON.parse(big.text);
    spec.model.hiddenSize = 160;
    const stopping = context<GradientCheckProgress>(1);
    await assert.rejects(Promise.resolve(JOB_HANDLERS.gradcheck({ ...big, text: JSON.stringify(spec) }, stopping)), (error: unknown) => {
      const partial = (error as JobCancelled).partial as { markdown: string };
      assert.match(partial.markdown, /cancel/i);
      return true;
    });
  });

  it('train: the spec\'s own epochs win over the default the host passes', async () => {
    const outcome = await JOB_HANDLERS.train({ spec: example('sine'), defaultEpochs: 3, progressEveryMs: 1000 }, context());
    assert.ok(outcome.type === 'trained');
    assert.notEqual(outcome.progress.epochs, 3);
  });
});
