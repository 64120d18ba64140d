// The gradient check within a work budget, and stopped on request: it says what it checked and how to ask for more.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageSentences, formatBudget } from '../../../src/analysis/gradientCheckReport';
import { createGradientChecker, DEFAULT_GRADCHECK_BUDGET, gradientCheck } from '../../../src/engine';
import { createRandom } from '../../../src/engine/random';
import type { EngineSpec } from '../../../src/engine/types';
import { loadMain, memoryIo } from '../cli/memoryIo';
import { randomSpec } from './helpers';

/** The case: an rnn of 1,933 parameters (hiddenSize 42) over 13 sequences of 2,000 steps. */
function longSpec(): EngineSpec {
  const random = createRandom(5);
  const sequences = Array.from({ length: 13 }, () => ({ inputs: Array.from({ length: 2000 }, () => [random.uniform(-1, 1)]), target: [0.5] }));
  return {
    model: { cell: 'rnn', inputSize: 1, hiddenSize: 42, outputSize: 1, nonlinearity: 'tanh', init: { scheme: 'pytorch', seed: 3 } },
    data: { sequences },
    loss: { type: 'mse', on: 'last' },
  };
}

describe('gradient check: budget and cancel', () => {
  it('the long rnn stays within the default budget by using fewer sequences, and says which', () => {
    const result = gradientCheck(longSpec());
    assert.equal(result.total, 1933);
    assert.ok(result.ok);
    assert.deepEqual(result.coverage.sequences, [0]);
    assert.equal(result.coverage.sequenceCount, 13);
    assert.equal(result.coverage.budget, DEFAULT_GRADCHECK_BUDGET);
    assert.ok(result.coverage.work <= result.coverage.budget, `${result.coverage.work} ≤ ${result.coverage.budget}`);
    assert.equal(result.coverage.planned, 1933, 'under 2,000 parameters every element is planned');
    assert.equal(result.coverage.stopped, 'budget');
    assert.ok(result.checked > 100 && result.checked < 1933, `${result.checked} checked`);
    assert.equal(new Set(result.entries.map((e) => e.name)).size, 6, 'every parameter gets elements');
    const said = coverageSentences(result, (budget) => `--budget ${formatBudget(budget)}`);
    assert.match(said, /Checked \d+ of all 1933 elements: the work budget ran out\. Only sequence 1 of the 13 sequences was used/);
    assert.match(said, /--budget \d(\.\d)?e\d+/);
  });

  it('a small budget checks fewer elements, each parameter first, and says the budget ran out', () => {
    const spec = randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'all' }, hiddenSize: 3, lengths: [5, 4, 6], seed: 2 });
    const full = gradientCheck(spec, { budget: Infinity });
    assert.equal(full.checked, full.total);
    assert.equal(full.coverage.stopped, undefined);
    assert.deepEqual(full.coverage.sequences, [0, 1, 2]);
    const part = gradientCheck(spec, { budget: full.coverage.work / 10 });
    assert.equal(part.coverage.stopped, 'budget');
    assert.ok(part.checked >= 1 && part.checked < full.checked);
    assert.equal(new Set(part.entries.map((e) => e.name)).size, Math.min(6, part.checked), 'each parameter before a second element of any');
    assert.match(coverageSentences(part, () => 'more'), /the work budget ran out/);
    const none = gradientCheck(spec, { budget: 1 });
    assert.equal(none.checked, 1, 'always one element');
  });

  it('stops when asked, between elements, with what it checked so far', () => {
    const spec = randomSpec({ cell: 'gru', loss: { type: 'mse', on: 'last' }, hiddenSize: 4, lengths: [6], seed: 4 });
    let polls = 0;
    const progress: number[] = [];
    const result = gradientCheck(spec, {}, { shouldStop: () => ++polls > 3, onProgress: (checked) => progress.push(checked) });
    assert.equal(result.checked, 3);
    assert.equal(result.coverage.stopped, 'cancelled');
    assert.deepEqual(progress, [1, 2, 3]);
    assert.match(coverageSentences(result, () => 'more'), /Cancelled after 3 of all \d+ elements/);
  });

  it('runs in slices for a worker: step(n) until done, cancel() in between', () => {
    const spec = randomSpec({ cell: 'rnn', nonlinearity: 'tanh', loss: { type: 'mse', on: 'last' }, hiddenSize: 3, lengths: [4], seed: 6 });
    const checker = createGradientChecker(spec);
    assert.equal(checker.step(5), true);
    assert.equal(checker.checked, 5);
    checker.cancel();
    assert.equal(checker.step(5), false);
    assert.equal(checker.result().checked, 5);
    const whole = createGradientChecker(spec);
    while (whole.step(4));
    assert.equal(whole.result().checked, whole.planned);
    assert.deepEqual(whole.result().entries, gradientCheck(spec).entries, 'the same elements, in the same order');
  });

  it('`unroll gradcheck --budget` takes a number or none, and the table says what was checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unroll-gradcheck-'));
    try {
      const file = join(dir, 'small.rnn.json');
      const spec = randomSpec({ cell: 'rnn', nonlinearity: 'tanh', loss: { type: 'mse', on: 'last' }, hiddenSize: 3, lengths: [4, 5], seed: 8 });
      writeFileSync(file, JSON.stringify({ version: 1, ...spec }));
      const main = await loadMain();
      const some = memoryIo();
      assert.equal(await main(['gradcheck', file, '--budget', '2000'], some), 0, some.stderr());
      assert.match(some.stdout(), /work budget ran out/);
      assert.match(some.stdout(), /pass --budget \S+ \(or --budget none\)/);
      const all = memoryIo();
      assert.equal(await main(['gradcheck', file, '--budget', 'none'], all), 0, all.stderr());
      assert.match(all.stdout(), /Checked all \d+ elements\. Every sequence \(2\) was used/);
      const bad = memoryIo();
      assert.equal(await main(['gradcheck', file, '--budget', 'lots'], bad), 2);
      assert.match(bad.stderr(), /--budget expects a number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
