// The pytorch layer: every case of cases.ts exported with `pytorchScript`, run by a real PyTorch (one Python
// process for all of them, see driver.py), and every number compared with the engine's — the numbers that
// `unroll grad --json` and `unroll train --json` print — to 1e-9 relative (training: 1e-8). Where no Python has
// torch, the layer says so and its tests are pending (skipped), never passed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fromJson } from '../../src/cli/json';
import { createTrainer, run, TRAINING_DEFAULTS } from '../../src/engine/index';
import { pytorchScript } from '../../src/export/pytorch';
import { parseSpecFile, type ParsedSpec } from '../../src/spec/index';
import { buildCli, firstMismatch, ROOT, runCli } from '../unit/cli/helpers';
import { allCases, type ExportCase } from './cases';
import { findTorchPython } from './python';

const GRAD_TOLERANCE = { relative: 1e-9, absolute: 1e-12 };
const TRAIN_TOLERANCE = { relative: 1e-8, absolute: 1e-12 };

interface Prepared {
  spec: ParsedSpec;
  folder: string;
  epochs: number;
}

describe('exported PyTorch scripts, run by PyTorch', function () {
  this.timeout(30 * 60_000);
  const python = findTorchPython();
  if (!python.ok) {
    console.log(`[skip] pytorch: ${python.reason}`);
    it(`runs every exported script (skipped: ${python.reason})`);
    return;
  }
  // UNROLL_PYTORCH_CASES=regex runs only the cases whose names match (while working on one).
  const only = process.env.UNROLL_PYTORCH_CASES ? new RegExp(process.env.UNROLL_PYTORCH_CASES) : undefined;
  const cases = allCases().filter((c) => !only || only.test(c.name));
  const root = mkdtempSync(join(tmpdir(), 'unroll-pytorch-'));
  const prepared = new Map<ExportCase, Prepared>();
  const float32Case = cases.find((c) => c.name === 'fixture lstm-small.json');

  before(() => {
    const jobs: { id: string; script: string; argv: string[]; out: string }[] = [];
    cases.forEach((c, index) => {
      const folder = join(root, String(index));
      const specFile = join(folder, 'spec.rnn.json');
      for (const [name, text] of Object.entries({ ...c.files, 'spec.rnn.json': JSON.stringify(c.spec, null, 2) })) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), text);
      }
      const exported = parsedSpec(c, specFile);
      const script = join(folder, 'model.py');
      writeFileSync(script, pytorchScript(exported, { specFile: 'spec.rnn.json', scriptName: 'model.py' }));
      // A data file that changed after the export: the script reads it as it is now, and so does Unroll.
      for (const [name, text] of Object.entries(c.filesAtRun ?? {})) writeFileSync(join(folder, name), text);
      const spec = c.filesAtRun ? parsedSpec(c, specFile) : exported;
      const epochs = c.epochs ?? spec.training?.epochs ?? TRAINING_DEFAULTS.epochs;
      prepared.set(c, { spec, folder, epochs });
      jobs.push({ id: `${c.name} --json`, script, argv: ['--json'], out: join(folder, 'grad.json') });
      jobs.push({ id: `${c.name} --train --json`, script, argv: ['--train', '--json', '--epochs', String(epochs)], out: join(folder, 'train.json') });
      if (c === float32Case) jobs.push({ id: `${c.name} --json --float32`, script, argv: ['--json', '--float32'], out: join(folder, 'float32.json') });
    });
    const jobsFile = join(root, 'jobs.json');
    writeFileSync(jobsFile, JSON.stringify(jobs));
    const started = Date.now();
    const driver = spawnSync(python.command, [join(__dirname, 'driver.py'), jobsFile], { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`[pytorch] torch ${python.version} (${python.command}): ${cases.length} cases, ${jobs.length} runs in one process, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(driver.status, 0, `the driver exited with ${driver.status}`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  if (float32Case) {
    it('--float32 gives the same numbers to float32 precision', () => {
      const { spec, folder } = prepared.get(float32Case)!;
      const actual = scriptOutput(join(folder, 'float32.json'));
      const result = run(spec, { jacobian: false });
      assert.equal(firstMismatch(actual, { loss: result.loss, outputs: result.outputs, grads: result.grads, dLdc: result.dLdc }, { relative: 1e-4, absolute: 1e-6 }), null);
      assert.notEqual(actual.loss, result.loss, 'float32 rounding should show in the last digits');
    });
  }

  describe('as a program', () => {
    let cli: { cli: string; dir: string } | undefined;
    after(() => cli && rmSync(cli.dir, { recursive: true, force: true }));

    it('written by `unroll export -o` to another folder and run from a third, reads the CSV next to the spec', async () => {
      cli = await buildCli();
      const spec = join(ROOT, 'examples', 'stock-prices.rnn.json');
      const script = join(root, 'elsewhere', 'stock.py');
      mkdirSync(dirname(script), { recursive: true });
      const exported = runCli(cli.cli, ['export', spec, '--format', 'pytorch', '-o', script], ROOT);
      assert.equal(exported.code, 0, exported.stderr);
      const ran = spawnSync(python.command, [script, '--json', '--device', 'cuda'], { cwd: tmpdir(), encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(ran.status, 0, ran.stderr);
      if (!python.cuda) assert.match(ran.stderr, /cuda is not available here: running on the cpu/);
      const expected = run(parseSpecFile(spec).spec!, { jacobian: false });
      const actual = fromJson(ran.stdout) as { loss: number; dLdc: number[][][] };
      assert.equal(firstMismatch(actual.loss, expected.loss, GRAD_TOLERANCE), null);
      assert.equal(firstMismatch(actual.dLdc, expected.dLdc, GRAD_TOLERANCE), null);
    });

    it('for a text, trains on the file next to the spec and prints what `unroll train --json` prints, key for key', async () => {
      cli ??= await buildCli();
      const spec = join(ROOT, 'examples', 'char-rnn.rnn.json');
      const script = join(root, 'elsewhere', 'char-rnn.py');
      mkdirSync(dirname(script), { recursive: true });
      const exported = runCli(cli.cli, ['export', spec, '--format', 'pytorch', '-o', script], ROOT);
      assert.equal(exported.code, 0, exported.stderr);
      const ran = spawnSync(python.command, [script, '--train', '--json', '--epochs', '2'], { cwd: tmpdir(), encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(ran.status, 0, ran.stderr);
      const trained = runCli(cli.cli, ['train', spec, '--json', '--epochs', '2'], ROOT);
      assert.equal(trained.code, 0, trained.stderr);
      const actual = fromJson(ran.stdout) as Record<string, unknown>;
      const expected = fromJson(trained.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
      assert.equal((expected.validationLoss as number[]).length, 2);
      assert.equal(firstMismatch(actual, expected, TRAIN_TOLERANCE), null);
    });
  });

  for (const c of cases) {
    describe(c.name, () => {
      it('--json prints what unroll grad --json prints', () => {
        const { spec, folder } = prepared.get(c)!;
        const actual = scriptOutput(join(folder, 'grad.json'));
        const result = run(spec, { jacobian: false, contributions: 'none' });
        const expected = { loss: result.loss, outputs: result.outputs, hidden: result.hidden, grads: result.grads, dLdh: result.dLdh, ...(result.dLdc ? { dLdc: result.dLdc } : {}) };
        assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
        assert.equal(firstMismatch(comparable(c, actual), comparable(c, expected), GRAD_TOLERANCE), null);
      });

      it('--train --json prints what unroll train --json prints', () => {
        const { spec, folder, epochs } = prepared.get(c)!;
        const actual = scriptOutput(join(folder, 'train.json'));
        const trainer = createTrainer(spec, { epochs });
        const progress = trainer.step(Infinity);
        const { loss, gradNorm, validationLoss } = trainer.history;
        // what `unroll train --json` prints (src/cli/train.ts), but firstNonFinite, which the script does not locate
        const expected = {
          epochs: loss.length, loss, gradNorm, ...(validationLoss.length > 0 ? { validationLoss } : {}), updates: progress.updates,
          weights: trainer.weights(), ...(progress.status === 'diverged' ? { diverged: true } : {}),
        };
        assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
        assert.equal(firstMismatch(comparable(c, actual), comparable(c, expected), TRAIN_TOLERANCE), null);
      });
    });
  }
});

function parsedSpec(c: ExportCase, specFile: string): ParsedSpec {
  const parsed = parseSpecFile(specFile);
  if (!parsed.spec) throw new Error(`${c.name}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  for (const [s, t] of c.unscored ?? []) (parsed.spec.data.sequences[s].targets as unknown[])[t] = null;
  return parsed.spec;
}

/** For a case whose values overflow, every non-finite number as NaN (see ExportCase.overflows); else as it is. */
function comparable(c: ExportCase, value: unknown): unknown {
  if (!c.overflows) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (Array.isArray(value)) return value.map((v) => comparable(c, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(c, v)]));
  return value;
}

/** What the script printed, as unroll's JSON reader reads it ("NaN", "Infinity" back to numbers). */
function scriptOutput(file: string): Record<string, unknown> {
  if (existsSync(`${file}.error`)) assert.fail(`the script failed:\n${readFileSync(`${file}.error`, 'utf8')}`);
  return fromJson(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
