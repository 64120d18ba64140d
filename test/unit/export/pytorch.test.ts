// The PyTorch exporter without PyTorch: the script's parts for each kind of spec, and its numbers written so that
// Python reads back exactly the engine's. (test/pytorch runs the scripts with a real torch.)
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/engine';
import { pytorchScript } from '../../../src/export/pytorch';
import { LINE_WIDTH, pyNumber, pyValue } from '../../../src/export/pytorch/python';
import { parseSpec } from '../../../src/spec/index';
import type { ParsedSpec } from '../../../src/spec/types';
import { EXAMPLES_DIR, baseSpec, text } from '../spec/helpers/specs';

function parsed(spec: Record<string, any>, baseDir?: string): ParsedSpec {
  const result = parseSpec(text(spec), { baseDir });
  assert.ok(result.spec, JSON.stringify(result.problems));
  return result.spec;
}

function example(name: string): ParsedSpec {
  return parsed(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.rnn.json`), 'utf8')), EXAMPLES_DIR);
}

/** The Python literal assigned to `name` (a dict or list of numbers, strings and None), read back as JSON. */
function literal(script: string, name: string): unknown {
  const start = script.indexOf(`\n${name} = `);
  assert.ok(start >= 0, `${name} is not assigned`);
  const open = start + name.length + 4;
  const close = script.indexOf(`\n${script[open] === '{' ? '}' : ']'}\n`, open);
  const python = script.slice(open, close + 2);
  return JSON.parse(python.replace(/,(\s*[\]}])/g, '$1').replace(/\bNone\b/g, 'null'));
}

const spec = (model: Record<string, unknown>, extra: Record<string, unknown> = {}) => parsed({ ...baseSpec(), model: { ...baseSpec().model, ...model }, ...extra });

describe('PyTorch export', () => {
  describe('Python literals', () => {
    it('write every float so that Python reads back the same double', () => {
      for (const x of [0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 1e21, 123456789012345680000, 2 ** 53 + 2]) {
        const written = pyNumber(x);
        assert.match(written, /^-?(\d+(\.\d+)?(e[+-]\d+)?)$/, written);
        assert.equal(Number(written), x);
      }
      assert.equal(pyNumber(-0), '-0.0');
      assert.equal(pyNumber(NaN), 'math.nan');
      assert.equal(pyNumber(-Infinity), '-math.inf');
    });

    it('wrap long lists within the line width, the closing bracket back at the start', () => {
      const rows = Array.from({ length: 6 }, (_, r) => Array.from({ length: 9 }, (_, c) => r / 7 + c / 3));
      const written = `WEIGHTS = ${pyValue({ 'weight_hh_l0': rows }, 0, 10)}`;
      for (const line of written.split('\n')) assert.ok(line.length <= LINE_WIDTH, line);
      assert.match(written, /\n {4}"weight_hh_l0": \[\n {8}\[\n/);
      assert.match(written, /\n\}$/);
    });
  });

  describe('the model', () => {
    it('is torch.nn.RNN with its nonlinearity for tanh and relu', () => {
      const script = pytorchScript(spec({ nonlinearity: 'relu' }));
      assert.match(script, /self\.rnn = torch\.nn\.RNN\(INPUT_SIZE, HIDDEN_SIZE, num_layers=NUM_LAYERS, nonlinearity="relu"\)/);
      assert.match(script, /return torch\.relu\(x @ w_ih\.T/);
      assert.doesNotMatch(script, /class ElmanRNN/);
    });

    for (const nonlinearity of ['sigmoid', 'identity']) {
      it(`is a written-out Elman RNN for ${nonlinearity}, which torch.nn.RNN does not offer`, () => {
        const script = pytorchScript(spec({ nonlinearity }));
        assert.match(script, /class ElmanRNN\(torch\.nn\.Module\)/);
        assert.match(script, /self\.rnn = ElmanRNN\(INPUT_SIZE, HIDDEN_SIZE, NUM_LAYERS\)/);
        assert.doesNotMatch(script, /torch\.nn\.RNN\(/);
        assert.match(script, nonlinearity === 'sigmoid' ? /return torch\.sigmoid\(x @ w_ih\.T/ : /return x @ w_ih\.T \+ b_ih \+ h @ w_hh\.T \+ b_hh\n/);
      });
    }

    it('is torch.nn.LSTM / GRU with the layers asked for, and a sigmoid head when the spec has one', () => {
      const lstm = pytorchScript(spec({ cell: 'lstm', numLayers: 2, outputActivation: 'sigmoid' }));
      assert.match(lstm, /torch\.nn\.LSTM\(INPUT_SIZE, HIDDEN_SIZE, num_layers=NUM_LAYERS\)/);
      assert.match(lstm, /^NUM_LAYERS = 2$/m);
      assert.match(lstm, /return torch\.sigmoid\(self\.fc\(h\)\)/);
      assert.match(lstm, /"dLdc": \[None\] \* sequence_count/);
      const gru = pytorchScript(spec({ cell: 'gru' }));
      assert.match(gru, /torch\.nn\.GRU\(/);
      assert.match(gru, /return self\.fc\(h\)\n/);
      assert.doesNotMatch(gru, /dLdc/);
    });

    it('carries the weights the engine starts from, drawn by its initialiser when the spec uses init', () => {
      const lstm = example('long-range-lstm');
      const script = pytorchScript(lstm);
      assert.deepEqual(literal(script, 'WEIGHTS'), run(lstm, { jacobian: false }).weights);
      assert.match(script.replace(/\n# /g, ' '), /Unroll's initialiser drew them for the spec's model\.init \(scheme pytorch, seed 1, forgetBias 3\)/);
      const given = example('statquest-stock');
      assert.deepEqual(literal(pytorchScript(given), 'WEIGHTS'), given.model.weights);
    });
  });

  describe('the data', () => {
    it('writes inline sequences out, a class index as an int and an mse target as a list', () => {
      const classes = example('sequence-classification');
      const sequences = literal(pytorchScript(classes), 'SEQUENCES') as { inputs: number[][]; target: number }[];
      assert.deepEqual(sequences.map((s) => s.inputs), classes.data.sequences.map((s) => s.inputs));
      assert.deepEqual(sequences.map((s) => s.target), [0, 0, 1, 1, 2, 2]);
      const scalar = parsed({ ...baseSpec(), data: { sequences: [{ inputs: [[0], [1]], target: 1 }] } });
      assert.deepEqual(literal(pytorchScript(scalar), 'SEQUENCES'), [{ inputs: [[0], [1]], target: [1] }]);
    });

    it('writes one target per step for a loss on every step, None where a step has none', () => {
      const all = parsed({ ...baseSpec(), data: { sequences: [{ inputs: [[0], [1], [2]], targets: [[1], [2], [3]] }] }, loss: { type: 'mse', on: 'all' } });
      (all.data.sequences[0].targets as unknown[])[1] = null;
      assert.deepEqual(literal(pytorchScript(all), 'SEQUENCES'), [{ inputs: [[0], [1], [2]], targets: [[1], null, [3]] }]);
      assert.match(pytorchScript(all), /return sequence\["targets"\]/);
    });

    it('writes generated numbers out and names the formulas that made them', () => {
      const sine = example('sine');
      const script = pytorchScript(sine);
      assert.deepEqual((literal(script, 'SEQUENCES') as { inputs: number[][] }[]).map((s) => s.inputs), sine.data.sequences.map((s) => s.inputs));
      assert.match(script, /# inputs: "sin\(t \/ 5 \+ s\)"/);
      assert.match(script, /# target \(at the last step, t = T − 1\): "sin\(T \/ 5 \+ s\)"/);
    });

    it('reads a CSV again, from the spec\'s folder relative to the script, with the same windows and scaling', () => {
      const stock = example('stock-prices');
      const beside = pytorchScript(stock);
      assert.match(beside, /^DATA_DIR = Path\(__file__\)\.resolve\(\)\.parent {2}#/m);
      assert.match(beside, /^WINDOW = 10$/m);
      assert.match(beside, /delimiter=","/);
      assert.match(beside, /def scaling_transform\(column\):\n {4}"""\(offset, scale\) with scaled = \(raw − offset\) \/ scale: min-max/);
      assert.match(pytorchScript(stock, { dataDir: '../examples' }), /^DATA_DIR = Path\(__file__\)\.resolve\(\)\.parent \/ "\.\.\/examples"/m);
      assert.match(pytorchScript(stock, { dataDir: '/data/specs' }), /^DATA_DIR = Path\("\/data\/specs"\)/m);
      assert.match(beside, /parser\.add_argument\("--data-dir"/);
    });

    it('reads a text file again, from the spec\'s folder, and runs --json on as many first windows as `unroll grad`', () => {
      const charRnn = example('char-rnn');
      const script = pytorchScript(charRnn);
      assert.match(script, /^TEXT_FILE = "char-rnn\.txt"$/m);
      assert.match(script, /^WINDOW = 25\nSTRIDE = 25$/m);
      assert.match(script, /text = path\.read_bytes\(\)\.decode\("utf-8-sig"\)\n/);
      assert.match(script, /\n {4}return text\.replace\("\\r\\n", "\\n"\)\.replace\("\\r", "\\n"\)\n/);
      assert.match(script, /data = TextWindows\(read_text\(args\.data_dir \/ TEXT_FILE\)\)/);
      // the text has more windows than the preview's budget: GRAD_SEQUENCES is that budget, which grad runs on
      const source = charRnn.source as { sequences: number; previewSequences: number };
      assert.ok(source.previewSequences < source.sequences);
      assert.match(script, new RegExp(`^GRAD_SEQUENCES = ${source.previewSequences}$`, 'm'));
      assert.match(script, /count = min\(len\(data\), GRAD_SEQUENCES\)/);
    });

    it('writes an inline text out as Python string literals that read back to the same characters, within the line width', () => {
      const inline = 'It was the best of times, "it was" the worst\nof times: naïve 🙂 e\u0301\t\\ '.repeat(4);
      const V = new Set(inline).size;
      const script = pytorchScript(parsed({ version: 1, model: { cell: 'gru', inputSize: V, hiddenSize: 2, outputSize: V }, data: { text: { inline, window: 5 } } }));
      const literal = script.slice(script.indexOf('\nTEXT = (\n') + 10, script.indexOf('\n)\n', script.indexOf('\nTEXT = (')));
      const lines = literal.split('\n');
      assert.ok(lines.length > 1);
      for (const line of lines) assert.ok(line.length <= LINE_WIDTH, line);
      assert.equal(lines.map((line) => JSON.parse(line.trim()) as string).join(''), inline);
      assert.match(script, /data = TextWindows\(TEXT\)/);
      assert.doesNotMatch(script, /read_text|--data-dir/);
    });
  });

  describe('training', () => {
    it('writes the optimizer, the clipping (value, then norm) and the truncation the spec asks for', () => {
      const script = pytorchScript(spec({}, { training: { optimizer: 'adam', learningRate: 0.5, beta1: 0.8, clipNorm: 2, clipValue: 0.1, truncation: 3, epochs: 7 } }));
      assert.match(script, /torch\.optim\.Adam\(model\.parameters\(\), lr=0\.5, betas=\(0\.8, 0\.999\), eps=1e-8\)/);
      assert.match(script, /^EPOCHS = 7$/m);
      assert.match(script, /^TRUNCATION = 3$/m);
      const value = script.indexOf('clip_grad_value_(model.parameters(), 0.1)');
      const norm = script.indexOf('clip_grad_norm_(model.parameters(), 2)');
      assert.ok(value > 0 && norm > value, 'clipping by value comes first');
    });

    it('fills in Unroll\'s defaults and leaves out what the spec does not ask for', () => {
      const script = pytorchScript(spec({}));
      assert.match(script, /torch\.optim\.SGD\(model\.parameters\(\), lr=0\.01, momentum=0\)/);
      assert.match(script, /^EPOCHS = 100$/m);
      assert.doesNotMatch(script, /TRUNCATION|clip_grad|SeededShuffle|SEED/);
      assert.match(script, /^VALIDATION = 0\nBATCH_SIZE = None$/m);
    });

    it('writes the validation split as the spec gives it: a fraction, recounted from the data, or a count', () => {
      const sequences = Array.from({ length: 6 }, (_, k) => ({ inputs: [[k], [1]], target: [k / 6] }));
      assert.match(pytorchScript(spec({}, { data: { sequences, validation: 0.25 } })), /^VALIDATION = 0\.25$/m);
      assert.match(pytorchScript(spec({}, { data: { sequences, validation: 2 } })), /^VALIDATION = 2$/m);
    });

    it('shuffles minibatches with Unroll\'s own generator, seeded by training.seed, and keeps the order with shuffle: false', () => {
      const shuffled = pytorchScript(spec({}, { training: { batchSize: 2, seed: 42 } }));
      assert.match(shuffled, /^BATCH_SIZE = 2\nSEED = 42 {2}#/m);
      assert.match(shuffled, /^from torch\.utils\.data import DataLoader, Dataset, Sampler, Subset$/m);
      assert.match(shuffled, /class SeededShuffle\(Sampler\):/);
      assert.match(shuffled, /self\.random = Mulberry32\(named_seed\(seed, "shuffle"\)\)/);
      assert.match(shuffled, /t = imul\(self\.state \^ \(self\.state >> 15\), 1 \| self\.state\)/);
      const ordered = pytorchScript(spec({}, { training: { batchSize: 2, shuffle: false } }));
      assert.match(ordered, /DataLoader\(Subset\(data, range\(count\)\), batch_size=batch_size, shuffle=False, collate_fn=collate\)/);
      assert.doesNotMatch(ordered, /SeededShuffle|Mulberry32|Sampler|SEED/);
    });
  });

  it('imports torch and the standard library only', () => {
    for (const name of ['stock-prices', 'long-range-gru', 'sine', 'char-rnn']) {
      const imports = pytorchScript(example(name)).match(/^(?:import|from) \S+/gm) ?? [];
      const modules = imports.map((line) => line.split(' ')[1]);
      assert.deepEqual(modules.filter((m) => !['argparse', 'csv', 'json', 'math', 'sys', 'dataclasses', 'pathlib', 'torch', 'torch.utils.data'].includes(m)), []);
    }
  });

  it('says in its header which spec it came from and how to run it', () => {
    const script = pytorchScript(example('vanishing'), { specFile: 'examples/vanishing.rnn.json', scriptName: 'vanishing.py', version: '9.9.9' });
    assert.match(script, /^#!\/usr\/bin\/env python3\n"""Vanishing gradient: the Unroll spec examples\/vanishing\.rnn\.json as a PyTorch script\./);
    assert.match(script, /Exported by Unroll 9\.9\.9\./);
    assert.match(script, /python3 vanishing\.py --train --json +\{epochs, loss, gradNorm, updates, weights\}, as `unroll train --json`/);
    assert.match(pytorchScript(example('char-rnn')), /--train --json +\{epochs, loss, gradNorm, validationLoss, updates, weights\}/);
  });
});
