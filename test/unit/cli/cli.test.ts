import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fromJson } from '../../../src/cli/json';
import { buildCli, firstMismatch, fixtures, ROOT, runCli, STACK_LINE, writeSpec, type CliRun } from './helpers';

describe('unroll (command line)', function () {
  this.timeout(120_000);
  let cli: string;
  let dir: string;
  const unroll = (...args: string[]): CliRun => runCli(cli, args, dir);
  const specOf = (name: string) => fixtures().find((f) => f.name === name)!.spec;

  before(async () => {
    ({ cli, dir } = await buildCli());
    for (const fixture of fixtures()) writeSpec(dir, fixture.name, fixture.spec);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('grad --json', () => {
    for (const fixture of fixtures()) {
      it(`matches PyTorch on ${fixture.name}`, () => {
        const run = unroll('grad', `${fixture.name}.rnn.json`, '--json');
        assert.equal(run.code, 0, run.stderr);
        const actual = fromJson(run.stdout) as Record<string, unknown>;
        for (const key of Object.keys(fixture.expected)) {
          assert.equal(firstMismatch(actual[key], fixture.expected[key], fixture.tolerance, key), null);
        }
      });
    }

    it('adds the per-step norms and where values stopped being finite', () => {
      const actual = fromJson(unroll('grad', 'scalar-vanishing-50.rnn.json', '--json').stdout) as Record<string, unknown>;
      assert.equal((actual.stepGradNorm as number[][])[0].length, 50);
      assert.equal(actual.firstNonFinite, null);
      assert.deepEqual((actual.vanishing as number[][])[0], Array.from({ length: 30 }, (_, i) => i));
    });

    it('writes non-finite numbers as "Infinity"/"NaN" strings, so the output stays JSON', () => {
      const spec = structuredClone(specOf('scalar-exploding-50')) as { model: { weights: Record<string, unknown> } };
      spec.model.weights.weight_hh_l0 = [[1e300]];
      writeSpec(dir, 'overflow', spec);
      const run = unroll('grad', 'overflow.rnn.json', '--json');
      assert.equal(run.code, 0, run.stderr);
      const raw = JSON.parse(run.stdout) as { loss: unknown; firstNonFinite: { phase: string } | null };
      assert.equal(raw.loss, 'Infinity');
      assert.equal(raw.firstNonFinite?.phase, 'forward');
    });
  });

  describe('grad (table)', () => {
    it('marks the vanishing steps of scalar-vanishing-50', () => {
      const run = unroll('grad', 'scalar-vanishing-50.rnn.json');
      assert.equal(run.code, 0, run.stderr);
      const step1 = run.stdout.split('\n').find((line) => /^\s*1\s/.test(line));
      assert.match(step1 ?? '', /vanishing/);
      assert.match(run.stdout, /vanishing: steps 1–30 \(30 of 50\)/);
      assert.match(run.stdout, /exploding: none/);
    });

    it('marks the exploding steps of scalar-exploding-50', () => {
      const run = unroll('grad', 'scalar-exploding-50.rnn.json');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /EXPLODING/);
      assert.doesNotMatch(run.stdout, /vanishing: steps/);
    });

    it('says where values first became non-finite', () => {
      const spec = structuredClone(specOf('scalar-exploding-50')) as { model: { weights: Record<string, unknown> } };
      spec.model.weights.weight_hh_l0 = [[1e300]];
      writeSpec(dir, 'overflow-table', spec);
      const run = unroll('grad', 'overflow-table.rnn.json');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /first non-finite: sequence 1, step \d+/);
      assert.match(run.stdout, /EXPLODING \(not finite\)/);
    });

    it('accepts its own thresholds', () => {
      const run = unroll('grad', 'scalar-vanishing-50.rnn.json', '--vanishing', '1e-3');
      assert.match(run.stdout, /vanishing: steps 1–40 \(40 of 50\)/);
    });
  });

  describe('check', () => {
    it('summarises a valid spec', () => {
      const run = unroll('check', 'lstm-small.rnn.json');
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.stdout.trim().split('\n').pop(), 'lstm-small.rnn.json: ok (lstm, 2→3→1, 2 sequences × 8 steps)');
    });

    it('passes every example in examples/ (they are what a new user opens first)', () => {
      const examples = join(__dirname, '..', '..', '..', 'examples');
      const files = readdirSync(examples).filter((f) => f.endsWith('.rnn.json'));
      assert.ok(files.length >= 9);
      for (const file of files) {
        const run = unroll('check', join(examples, file));
        assert.equal(run.code, 0, `${file}: ${run.stdout}${run.stderr}`);
        assert.match(run.stdout, /: ok \(/);
      }
    });

    it('reports invalid JSON as file:line:column and exits 2', () => {
      writeFileSync(join(dir, 'broken.rnn.json'), '{\n  "model": {\n    "cell": "rnn",,\n  }\n}\n');
      const run = unroll('check', 'broken.rnn.json');
      assert.equal(run.code, 2);
      assert.match(run.stdout, /^broken\.rnn\.json:\d+:\d+: error: /m);
      assert.doesNotMatch(run.stdout + run.stderr, STACK_LINE);
    });

    it('reports a wrong shape at its line and column', () => {
      const spec = structuredClone(specOf('rnn-tanh-small')) as { model: { hiddenSize: unknown } };
      spec.model.hiddenSize = 5;
      const file = writeSpec(dir, 'wrong-shape', spec);
      const run = unroll('check', file);
      assert.equal(run.code, 2);
      assert.match(run.stdout, /^wrong-shape\.rnn\.json:\d+:\d+: error: /m);
    });
  });

  describe('errors are values', () => {
    for (const command of ['check', 'grad', 'train', 'gradcheck', 'sample']) {
      it(`${command}: a missing file exits 2, names the path, and shows no stack trace`, () => {
        const run = unroll(command, 'examples/nope.rnn.json');
        assert.equal(run.code, 2);
        assert.match(run.stdout + run.stderr, /examples\/nope\.rnn\.json/);
        assert.match(run.stdout + run.stderr, /no such file/);
        assert.doesNotMatch(run.stdout + run.stderr, STACK_LINE);
      });
    }

    it('grad on an invalid spec exits 2 with file:line:column on stderr', () => {
      writeFileSync(join(dir, 'bad.rnn.json'), '{ "model": [1, 2 }');
      const run = unroll('grad', 'bad.rnn.json', '--json');
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^bad\.rnn\.json:1:\d+: error: /m);
    });

    it('an unknown option or command exits 2 with a hint', () => {
      for (const args of [['grad', 'x.rnn.json', '--frobnicate'], ['frobnicate'], ['grad'], ['grad', 'a', 'b'], ['grad', 'x', '--sequence', 'two']]) {
        const run = unroll(...args);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, /--help/);
        assert.doesNotMatch(run.stderr, STACK_LINE);
      }
    });
  });

  describe('help and version', () => {
    it('--help documents the commands and the JSON encoding of NaN', () => {
      const run = unroll('--help');
      assert.equal(run.code, 0);
      for (const word of ['check', 'grad', 'train', 'gradcheck', 'sample', '"NaN"', '"Infinity"']) assert.ok(run.stdout.includes(word), word);
    });

    it('grad --help lists its options', () => {
      const run = unroll('grad', '--help');
      assert.equal(run.code, 0);
      assert.match(run.stdout, /--vanishing/);
    });

    it('--version prints the package version', () => {
      const run = unroll('--version');
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^unroll \d+\.\d+\.\d+/);
    });
  });

  describe('export', () => {
    it('prints a PyTorch script of the spec on stdout', () => {
      const run = unroll('export', 'lstm-small.rnn.json', '--format', 'pytorch');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^#!\/usr\/bin\/env python3\n"""lstm-small: the Unroll spec lstm-small\.rnn\.json as a PyTorch script\./);
      assert.match(run.stdout, /self\.rnn = torch\.nn\.LSTM\(/);
      assert.match(run.stdout, /python3 lstm-small\.py --json/);
    });

    it('-o writes the file, naming the folder of the spec (and its CSV) relative to it', () => {
      mkdirSync(join(dir, 'scripts'), { recursive: true });
      const run = unroll('export', join(ROOT, 'examples', 'stock-prices.rnn.json'), '-o', join('scripts', 'stock.py'));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      const script = readFileSync(join(dir, 'scripts', 'stock.py'), 'utf8');
      const expected = relative(join(dir, 'scripts'), join(ROOT, 'examples')).split(sep).join('/');
      assert.ok(script.includes(`\nDATA_DIR = Path(__file__).resolve().parent / ${JSON.stringify(expected)}  #`), expected);
      assert.match(script, /python3 stock\.py --train --json/);
    });

    it('refuses an unknown format, and a spec with errors, with exit 2', () => {
      const format = unroll('export', 'lstm-small.rnn.json', '--format', 'onnx');
      assert.equal(format.code, 2);
      assert.match(format.stderr, /--format onnx: unknown format \(expected one of: pytorch\)/);
      writeFileSync(join(dir, 'broken.rnn.json'), '{"version": 1, "model": {"cell": "rnn"}}');
      const broken = unroll('export', 'broken.rnn.json');
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.rnn\.json:\d+:\d+: error:/);
      assert.doesNotMatch(broken.stderr, STACK_LINE);
    });

    it('export --help explains the script and its options', () => {
      const run = unroll('export', '--help');
      assert.equal(run.code, 0);
      assert.match(run.stdout, /--format pytorch/);
      assert.match(run.stdout, /python3 FILE\.py --train --json/);
      assert.match(unroll('--help').stdout, /unroll export SPEC --format pytorch/);
    });
  });

  describe('train', () => {
    const trainable = () => {
      const spec = structuredClone(specOf('statquest-scalar')) as Record<string, unknown>;
      spec.training = { optimizer: 'sgd', learningRate: 0.01, epochs: 7 };
      return writeSpec(dir, 'train-me', spec);
    };

    it('--json prints one loss and one gradient norm per epoch, and the weights', () => {
      const run = unroll('train', trainable(), '--json');
      assert.equal(run.code, 0, run.stderr);
      const out = fromJson(run.stdout) as { epochs: number; loss: number[]; gradNorm: number[]; weights: Record<string, unknown> };
      assert.equal(out.epochs, 7);
      assert.equal(out.loss.length, 7);
      assert.equal(out.gradNorm.length, 7);
      assert.ok('weight_hh_l0' in out.weights);
    });

    it('--epochs overrides the spec, and the curve is printed as a table', () => {
      const run = unroll('train', trainable(), '--epochs', '25');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /25 epochs/);
      assert.match(run.stdout, /^\s*25\s/m);
      // not a terminal: plain progress lines on stderr, no carriage returns
      assert.match(run.stderr, /epoch \d+\/25/);
      assert.doesNotMatch(run.stderr, /\r/);
    });
  });

  describe('text, minibatches, validation and sampling', () => {
    const textSpec = (training: Record<string, unknown> = {}) =>
      writeSpec(dir, 'chars', {
        version: 1,
        model: { cell: 'gru', inputSize: 7, hiddenSize: 8, outputSize: 7, init: { seed: 1 } },
        data: { text: { inline: 'a cab, a bad cab. '.repeat(6), window: 6 }, validation: 0.25 },
        training: { optimizer: 'adam', learningRate: 0.05, epochs: 8, batchSize: 4, ...training },
      });

    it('check summarises the text and the validation set', () => {
      const run = unroll('check', textSpec());
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /text of 108 characters \(vocabulary 7\): 17 sequences × 6 steps, the last 4 held out for validation/);
    });

    it('train reports the validation loss beside the loss, and the minibatches', () => {
      const json = fromJson(unroll('train', textSpec(), '--json').stdout) as { loss: number[]; validationLoss: number[]; updates: number };
      assert.equal(json.loss.length, 8);
      assert.equal(json.validationLoss.length, 8);
      assert.equal(json.updates, 8 * 4); // 13 training sequences in minibatches of 4
      const table = unroll('train', textSpec());
      assert.match(table.stdout, /4 minibatches of ≤ 4 sequences per epoch, shuffled/);
      assert.match(table.stdout, /epoch\s+loss\s+validation/);
      assert.match(table.stdout, /validation loss: .* lowest .* after epoch \d+/);
    });

    it('sample prints the prime and what follows; greedy is the same every time', () => {
      const file = textSpec();
      const first = unroll('sample', file, '--prime', 'a c', '--length', '30', '--temperature', '0');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^a c[a-z ,.]{30}\n$/);
      assert.match(first.stderr, /greedy.*untrained, from init/);
      assert.equal(unroll('sample', file, '--prime', 'a c', '--length', '30', '--temperature', '0').stdout, first.stdout);
      const json = fromJson(unroll('sample', file, '--prime', 'ab', '--length', '5', '--json', '--seed', '4').stdout) as any;
      assert.equal(json.steps.length, 5);
      assert.equal(json.primeSteps.length, 1);
      assert.equal(json.text, json.steps.map((s: any) => s.character).join(''));
      for (const step of json.steps) {
        assert.ok(step.probability > 0 && step.probability <= 1);
        assert.equal(step.candidates.length, 5);
      }
    });

    it('sample --train trains first', () => {
      const run = unroll('sample', textSpec({ epochs: 3 }), '--train', '--length', '10');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /weights trained here for 3 epochs/);
    });

    it('sample refuses a prime the model cannot read, and a spec without text', () => {
      const unknown = unroll('sample', textSpec(), '--prime', 'xyz');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /3 characters not in the text's vocabulary: "x" \(U\+0078\)/);
      const numbers = unroll('sample', 'lstm-small.rnn.json');
      assert.equal(numbers.code, 2);
      assert.match(numbers.stderr, /no text data/);
      assert.doesNotMatch(unknown.stderr + numbers.stderr, STACK_LINE);
    });
  });

  describe('gradcheck', () => {
    it('agrees with finite differences on lstm-small', () => {
      const run = unroll('gradcheck', 'lstm-small.rnn.json');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /weight_hh_l0/);
      assert.doesNotMatch(run.stdout, /FAIL/);
    });
  });
});
