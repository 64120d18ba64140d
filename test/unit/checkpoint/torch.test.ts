// End to end against real PyTorch: torch saves models, `unroll import` turns each checkpoint into a spec, the
// case's data and loss are added, and `unroll grad --json` must give what autograd gives, to 1e-9 relative.
// Without a Python that has torch, the suite is skipped and says why (it never passes silently).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromJson } from '../../../src/cli/json';
import { buildCli, firstMismatch, runCli } from '../cli/helpers';

interface Case {
  name: string;
  file: string;
  options: string[];
  data: unknown;
  loss: unknown;
  expected: Record<string, unknown>;
}

const TOLERANCE = { relative: 1e-9, absolute: 1e-12 };

/** `python3` first, then the system interpreter: the first that imports torch. */
export function pythonWithTorch(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

describe('checkpoints from real PyTorch (unroll import, then unroll grad --json)', function () {
  this.timeout(300_000);
  let cli: string;
  let dir: string;
  let cases: Case[] = [];

  before(async function () {
    const python = pythonWithTorch();
    if (!python) {
      console.log('    SKIPPED: no Python with torch (tried python3 and /usr/bin/python3); install python3-torch to run these checks.');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'unroll-torch-'));
    ({ cli } = await buildCli());
    const made = spawnSync(python!, [join(__dirname, 'torch_reference.py'), dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(made.status, 0, made.stderr);
    cases = JSON.parse(made.stdout) as Case[];
    assert.ok(cases.length >= 8, 'the reference script wrote its cases');
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('imports every checkpoint and matches PyTorch on loss, outputs, hidden states, gradients and dL/dh', () => {
    for (const c of cases) {
      const spec = `${c.name}.rnn.json`;
      const imported = runCli(cli, ['import', c.file, ...c.options, '-o', spec], dir);
      assert.equal(imported.code, 0, `${c.name}: ${imported.stderr}`);
      const written = JSON.parse(readFileSync(join(dir, spec), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, spec), JSON.stringify({ ...written, data: c.data, loss: c.loss }, null, 2));
      const grad = runCli(cli, ['grad', spec, '--json'], dir);
      assert.equal(grad.code, 0, `${c.name}: ${grad.stderr}`);
      const actual = fromJson(grad.stdout) as Record<string, unknown>;
      for (const key of Object.keys(c.expected)) {
        assert.equal(firstMismatch(actual[key], c.expected[key], TOLERANCE, `${c.name}: ${key}`), null);
      }
    }
  });

  it('asks for --prefix and --head when a checkpoint has several candidates, naming them', () => {
    const run = runCli(cli, ['import', 'two.pt'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--prefix encoder\.gru\./);
    assert.match(run.stderr, /--prefix decoder\.gru\./);
    const heads = runCli(cli, ['import', 'two.pt', '--prefix', 'decoder.gru.'], dir);
    assert.equal(heads.code, 2);
    assert.match(heads.stderr, /--head head\./);
    assert.match(heads.stderr, /--head aux\./);
  });

  it('a spec can read the weights from the checkpoint itself and gives the same numbers', () => {
    const c = cases.find((x) => x.name === 'lstm-2-layers-safetensors')!;
    const spec = {
      version: 1,
      model: { cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 1, numLayers: 2, weights: { file: c.file, prefix: 'encoder.lstm.', head: 'head.' } },
      data: c.data,
      loss: c.loss,
    };
    writeFileSync(join(dir, 'by-reference.rnn.json'), JSON.stringify(spec));
    const grad = runCli(cli, ['grad', 'by-reference.rnn.json', '--json'], dir);
    assert.equal(grad.code, 0, grad.stderr);
    const actual = fromJson(grad.stdout) as Record<string, unknown>;
    for (const key of Object.keys(c.expected)) assert.equal(firstMismatch(actual[key], c.expected[key], TOLERANCE, key), null);
  });
});
