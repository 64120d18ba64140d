import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINTS } from '../checkpoint/helpers';
import { buildCli, runCli, STACK_LINE, type CliRun } from './helpers';

describe('unroll import (command line)', function () {
  this.timeout(120_000);
  let cli: string;
  let dir: string;
  const unroll = (...args: string[]): CliRun => runCli(cli, args, dir);

  before(async () => {
    ({ cli, dir } = await buildCli());
    for (const file of ['rnn.pt', 'two-rnns.pt', 'whole-module.pt', 'lstm.safetensors']) copyFileSync(join(CHECKPOINTS, file), join(dir, file));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a spec that `unroll check` accepts as it is, and warns about the assumed nonlinearity', () => {
    const run = unroll('import', 'rnn.pt');
    assert.equal(run.code, 0, run.stderr);
    const spec = JSON.parse(run.stdout) as { model: Record<string, unknown> };
    assert.deepEqual(
      [spec.model.cell, spec.model.inputSize, spec.model.hiddenSize, spec.model.outputSize, spec.model.numLayers, spec.model.nonlinearity],
      ['rnn', 2, 3, 1, 1, 'tanh'],
    );
    assert.match(run.stderr, /^unroll import: warning: A state dict does not record an rnn's nonlinearity/m);
  });

  it('-o writes the file, and --nonlinearity relu is written into it', () => {
    const run = unroll('import', 'lstm.safetensors', '-o', 'from-safetensors.rnn.json');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrote from-safetensors\.rnn\.json: lstm, 2 layers, input 2, hidden 3, 1 output \(prefix "encoder\.lstm\.", head "head\."\)/);
    assert.equal(run.stdout, '');
    const check = unroll('check', 'from-safetensors.rnn.json');
    assert.equal(check.code, 0, check.stdout);
    assert.equal(unroll('import', 'rnn.pt', '--nonlinearity', 'relu', '-o', 'relu.rnn.json').code, 0);
    assert.match(readFileSync(join(dir, 'relu.rnn.json'), 'utf8'), /"nonlinearity": "relu"/);
  });

  it('several candidates: lists the --prefix values to pass and exits 2', () => {
    const run = unroll('import', 'two-rnns.pt');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has 2 recurrent modules/);
    assert.match(run.stderr, /^ {2}--prefix encoder\.rnn\. +lstm, input 2, hidden 3$/m);
    assert.match(run.stderr, /^ {2}--prefix decoder\.rnn\. +gru, input 3, hidden 3$/m);
    assert.equal(unroll('import', 'two-rnns.pt', '--prefix', 'decoder.rnn.', '--head', 'aux.').code, 0);
  });

  it('a refused or missing file exits 2 with one sentence and no stack trace', () => {
    const whole = unroll('import', 'whole-module.pt');
    assert.equal(whole.code, 2);
    assert.match(whole.stderr, /^unroll import: whole-module\.pt: This file holds a pickled object of class __main__\.Seq.*torch\.save\(model\.state_dict\(\), 'model\.pt'\)/);
    const missing = unroll('import', 'nope.pt');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.pt: no such file/);
    for (const run of [whole, missing]) assert.doesNotMatch(run.stderr, STACK_LINE);
  });

  it('usage: a missing CHECKPOINT and a wrong --nonlinearity', () => {
    const none = unroll('import');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing CHECKPOINT file/);
    const wrong = unroll('import', 'rnn.pt', '--nonlinearity', 'sigmoid');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--nonlinearity expects tanh or relu, got 'sigmoid'/);
    assert.match(unroll('import', '--help').stdout, /--prefix P/);
    assert.match(unroll('--help').stdout, /unroll import CHECKPOINT/);
  });
});
