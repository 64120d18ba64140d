import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec, parseSpecFile } from '../../../src/spec/index';
import { EXAMPLES_DIR, ROOT, assertValid, examples, fixtureSpecs, text } from './helpers/specs';
import { stockPricesCsv } from './helpers/stockPrices';

describe('examples', () => {
  const all = examples();

  it('include every example the README promises', () => {
    const names = all.map((e) => e.file);
    for (const expected of [
      'statquest-stock.rnn.json', 'exploding.rnn.json', 'vanishing.rnn.json', 'long-range-lstm.rnn.json', 'long-range-gru.rnn.json',
      'long-range-rnn.rnn.json', 'stock-prices.rnn.json', 'sine.rnn.json', 'sequence-classification.rnn.json', 'char-rnn.rnn.json',
    ]) {
      assert.ok(names.includes(expected), `examples/${expected} is missing`);
    }
  });

  for (const { file, text: source } of all) {
    it(`${file} parses with no problems at all`, () => {
      const result = parseSpec(source, { baseDir: EXAMPLES_DIR, fileName: file });
      assert.deepEqual(result.problems, []);
      assert.ok(result.spec);
    });

    it(`${file} says in one line what to look at`, () => {
      const description = (JSON.parse(source) as { description?: string }).description ?? '';
      assert.ok(description.length > 40 && !description.includes('\n'), 'a one-line description');
    });
  }

  it('parseSpecFile reads an example and its csv from disk', () => {
    const result = parseSpecFile(join(EXAMPLES_DIR, 'stock-prices.rnn.json'));
    assertValid(result);
    assert.equal(result.spec!.source?.kind, 'csv');
    assert.equal(result.spec!.data.sequences.length, 110);
  });

  it('the char-rnn example reads its text from disk, says where the text comes from, and trains on all of it', () => {
    const result = parseSpecFile(join(EXAMPLES_DIR, 'char-rnn.rnn.json'));
    assertValid(result);
    const source = result.spec!.source;
    assert.ok(source?.kind === 'text');
    assert.equal(source.file, 'char-rnn.txt');
    assert.equal(result.spec!.data.text!.codes.length, source.characters);
    assert.ok(source.characters > 2000 && source.characters < 10_000, 'a few KB that the package can ship');
    const { description } = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'char-rnn.rnn.json'), 'utf8'));
    assert.match(description, /public domain.*Dickens.*Gettysburg/i);
  });

  it('the stock example says its data is synthetic, and the csv is what the seeded generator makes', () => {
    const spec = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'stock-prices.rnn.json'), 'utf8'));
    assert.match(spec.description, /synthetic/);
    assert.equal(readFileSync(join(EXAMPLES_DIR, 'stock-prices.csv'), 'utf8'), stockPricesCsv());
  });

  it('the statquest example has the fixture\'s weights and sequences', () => {
    const fixture = fixtureSpecs().find((f) => f.file === 'statquest-scalar.json')!.spec as any;
    const example = parseSpec(readFileSync(join(EXAMPLES_DIR, 'statquest-stock.rnn.json'), 'utf8')).spec!;
    assert.deepEqual(example.model.weights, fixture.model.weights);
    assert.deepEqual(example.data.sequences, fixture.data.sequences);
  });

  for (const [example, fixtureFile] of [
    ['exploding.rnn.json', 'scalar-exploding-50.json'],
    ['vanishing.rnn.json', 'scalar-vanishing-50.json'],
  ]) {
    it(`${example} generates the same data and weights as ${fixtureFile}`, () => {
      const fixture = fixtureSpecs().find((f) => f.file === fixtureFile)!.spec as any;
      const spec = parseSpec(readFileSync(join(EXAMPLES_DIR, example), 'utf8')).spec!;
      assert.deepEqual(spec.model.weights, fixture.model.weights);
      assert.deepEqual(spec.data.sequences, fixture.data.sequences);
    });
  }

  it('the three long-range examples differ only in the cell (and its open memory gate)', () => {
    const strip = (file: string) => {
      const spec = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
      delete spec.name;
      delete spec.description;
      delete spec.model.cell;
      delete spec.model.nonlinearity;
      delete spec.model.init.forgetBias; // lstm and gru only: an rnn has no gate to open
      return spec;
    };
    assert.deepEqual(strip('long-range-lstm.rnn.json'), strip('long-range-rnn.rnn.json'));
    assert.deepEqual(strip('long-range-gru.rnn.json'), strip('long-range-rnn.rnn.json'));
  });

  describe('with the engine (when it exists)', () => {
    const enginePath = join(ROOT, 'src/engine/index.ts');
    for (const { file, text: source } of all) {
      it(`${file} runs through the engine`, function () {
        if (!existsSync(enginePath)) this.skip();
        // Loaded at run time: the engine is written in parallel, and this spec layer must not depend on it.
        const engine = require(enginePath) as { run?: (spec: unknown) => { loss: number } };
        if (typeof engine.run !== 'function') this.skip();
        const spec = parseSpec(source, { baseDir: EXAMPLES_DIR }).spec!;
        const result = engine.run!(spec);
        assert.equal(typeof result.loss, 'number');
      });
    }
  });
});

describe('PyTorch fixture specs', () => {
  for (const { file, spec } of fixtureSpecs()) {
    it(`${file}: its spec is valid, and only the missing version is mentioned`, () => {
      const result = parseSpec(text(spec));
      assertValid(result);
      assert.deepEqual(result.problems.map((p) => `${p.severity}:${p.code}`), ['info:version']);
    });

    it(`${file}: with "version": 1 it parses with no problems and keeps weights and data as they are`, () => {
      const result = parseSpec(text({ version: 1, ...spec }));
      assert.deepEqual(result.problems, []);
      const parsed = result.spec!;
      const model = spec.model as Record<string, unknown>;
      assert.deepEqual(parsed.model.weights, model.weights);
      for (const key of ['cell', 'inputSize', 'hiddenSize', 'outputSize', 'numLayers']) assert.equal((parsed.model as any)[key], model[key]);
      assert.deepEqual(parsed.loss, spec.loss);
      assert.deepEqual(parsed.data.sequences, (spec.data as any).sequences);
    });
  }
});
