import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/spec/index';
import { LIMITS, SCHEMA_LIMITS } from '../../../src/spec/limits';
import { SPEC_SCHEMA } from '../../../src/spec/schemaCheck';
import { ROOT, applyNamedFix, assertRange, assertValid, baseSpec, only, pointedAt, text } from './helpers/specs';

describe('spec schema', () => {
  it('is the one schema of the spec language (*.rnn.json), and is draft-07', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const language = manifest.contributes.languages.find((l: { extensions?: string[] }) => l.extensions?.includes('.rnn.json'));
    assert.equal(language.id, 'unroll-spec');
    // No jsonValidation: VS Code's JSON service would check the file a second time, in its own words.
    assert.equal(manifest.contributes.jsonValidation, undefined);
    assert.match(readFileSync(join(ROOT, 'src/language/specLanguage.ts'), 'utf8'), /from '\.\.\/\.\.\/schema\/rnn\.schema\.json'/);
    const onDisk = JSON.parse(readFileSync(join(ROOT, 'schema/rnn.schema.json'), 'utf8'));
    assert.deepEqual(onDisk, SPEC_SCHEMA);
    assert.equal(onDisk.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('describes every property', () => {
    const missing: string[] = [];
    const visit = (node: any, where: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [name, property] of Object.entries<any>(node.properties ?? {})) {
        if (!property.$ref && typeof property.description !== 'string') missing.push(`${where}.${name}`);
        visit(property, `${where}.${name}`);
      }
      for (const [name, definition] of Object.entries<any>(node.definitions ?? {})) {
        if (typeof definition.description !== 'string') missing.push(`#${name}`);
        visit(definition, `#${name}`);
      }
      if (node.items) visit(node.items, `${where}[]`);
    };
    visit(SPEC_SCHEMA, '');
    assert.deepEqual(missing, []);
  });

  it('has no $ref under a per-item schema (ajv would concatenate their errors once per item: quadratic)', () => {
    const definitions = (SPEC_SCHEMA as any).definitions;
    assert.doesNotMatch(JSON.stringify(definitions.sequence), /\$ref/);
  });

  it('states the same limits as src/spec/limits.ts', () => {
    const definitions = (SPEC_SCHEMA as any).definitions;
    const at: Record<string, any> = {
      '/model/inputSize': definitions.model.properties.inputSize.maximum,
      '/model/hiddenSize': definitions.model.properties.hiddenSize.maximum,
      '/model/outputSize': definitions.model.properties.outputSize.maximum,
      '/model/numLayers': definitions.model.properties.numLayers.maximum,
      '/data/sequences': definitions.data.properties.sequences.maxItems,
      '/data/sequences/*/inputs': definitions.sequence.properties.inputs.maxItems,
      '/data/sequences/*/targets': definitions.sequence.properties.targets.maxItems,
      '/data/generate/length': definitions.generate.properties.length.maximum,
      '/data/generate/count': definitions.generate.properties.count.maximum,
      '/data/csv/window': definitions.csv.properties.window.maximum,
      '/data/text/window': definitions.text.properties.window.maximum,
      '/training/truncation': definitions.training.properties.truncation.maximum,
    };
    for (const [pointer, limit] of Object.entries(SCHEMA_LIMITS)) assert.equal(at[pointer], LIMITS[limit], pointer);
  });

  describe('problems land on the offending value', () => {
    it('a misspelt enum value: on the string, with a fix to the closest value', () => {
      const spec = baseSpec();
      spec.model.cell = 'lstn';
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['model', 'cell']);
      assertRange(source, problem, '"lstn"');
      assert.match(problem.message, /Did you mean "lstm"/);
      const { text: fixed, result } = applyNamedFix(source, problem, 'Change to "lstm"');
      assert.ok(fixed.includes('"cell": "lstm"'));
      assertValid(result);
    });

    it('closest enum value for each enum', () => {
      const cases: [string[], string, string][] = [
        [['model', 'nonlinearity'], 'Relu', 'relu'],
        [['loss', 'type'], 'crossentropy', 'cross-entropy'],
        [['loss', 'on'], 'al', 'all'],
        [['model', 'outputActivation'], 'sigmod', 'sigmoid'],
      ];
      for (const [path, wrong, right] of cases) {
        const spec = baseSpec();
        spec[path[0]][path[1]] = wrong;
        const source = text(spec);
        const problem = only(parseSpec(source), 'schema', path);
        assertRange(source, problem, JSON.stringify(wrong));
        assert.equal(problem.fixes![0].title, `Change to "${right}"`);
      }
    });

    it('a number in quotes: on the string, with a fix that unquotes it', () => {
      const spec = baseSpec();
      spec.model.hiddenSize = '4';
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['model', 'hiddenSize']);
      assertRange(source, problem, '"4"');
      assert.match(problem.message, /whole number/);
      const { result } = applyNamedFix(source, problem, 'Use the number 4');
      assertValid(result);
      assert.equal(result.spec!.model.hiddenSize, 4);
    });

    it('"NaN" as a string says JSON has no NaN', () => {
      const spec = baseSpec();
      spec.data.sequences[0].inputs[1] = ['NaN'];
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['data', 'sequences', 0, 'inputs', 1, 0]);
      assertRange(source, problem, '"NaN"');
      assert.match(problem.message, /no NaN/);
    });

    it('a missing required property: on the parent\'s key, with a fix inserting its default', () => {
      const spec = baseSpec();
      delete spec.model.hiddenSize;
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['model', 'hiddenSize']);
      assertRange(source, problem, '"model"');
      assert.match(problem.message, /model is missing "hiddenSize"/);
      const { text: fixed, result } = applyNamedFix(source, problem, 'Add "hiddenSize": 1');
      assertValid(result);
      assert.match(fixed, /"outputSize": 1,\n {4}"hiddenSize": 1\n/);
    });

    it('a missing top-level property: on the opening brace', () => {
      const spec = baseSpec();
      delete spec.model;
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['model']);
      assert.deepEqual([problem.offset, problem.length], [0, 1]);
      const { result } = applyNamedFix(source, problem);
      assertValid(result);
    });

    it('a missing property of an array item: on the item\'s opening brace', () => {
      const source = text(baseSpec()).replace('"inputs": [', '"inputz": [');
      const result = parseSpec(source);
      const missing = only(result, 'schema', ['data', 'sequences', 0, 'inputs']);
      assert.equal(pointedAt(source, missing), '{');
      const typo = only(result, 'schema', ['data', 'sequences', 0, 'inputz']);
      assertRange(source, typo, '"inputz"');
      assertValid(applyNamedFix(source, typo, 'Rename to "inputs"').result);
    });

    it('an unknown property: on its key, with a rename to the closest known one', () => {
      const spec = baseSpec();
      spec.model.hiddenSise = spec.model.hiddenSize;
      delete spec.model.hiddenSize;
      const source = text(spec);
      const result = parseSpec(source);
      const unknown = only(result, 'schema', ['model', 'hiddenSise']);
      assertRange(source, unknown, '"hiddenSise"');
      const { result: fixed } = applyNamedFix(source, unknown, 'Rename to "hiddenSize"');
      assertValid(fixed);
    });

    it('an unknown property unlike any known one: a fix removes it', () => {
      const source = text({ ...baseSpec(), colour: 'blue' });
      const problem = only(parseSpec(source), 'schema', ['colour']);
      assertRange(source, problem, '"colour"');
      assert.match(problem.message, /It can have/);
      const { text: fixed, result } = applyNamedFix(source, problem, 'Remove "colour"');
      assertValid(result);
      assert.doesNotMatch(fixed, /colour/);
    });

    it('a value below its minimum: on the value, with a fix', () => {
      const spec = baseSpec();
      spec.model.inputSize = 0;
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['model', 'inputSize']);
      assertRange(source, problem, '0', 0);
      assert.match(problem.message, /≥ 1/);
    });

    it('a size over a responsiveness limit says which limit and why', () => {
      const spec = baseSpec();
      spec.model.hiddenSize = 5000;
      const source = text(spec);
      const problem = only(parseSpec(source), 'limit', ['model', 'hiddenSize']);
      assertRange(source, problem, '5000');
      assert.match(problem.message, /limit of 256: .*preview/);
      assertValid(applyNamedFix(source, problem, 'Use 256').result);
    });

    it('data without a source, and data with two', () => {
      const none = text({ ...baseSpec(), data: {} });
      const problem = only(parseSpec(none), 'schema', ['data']);
      assertRange(none, problem, '"data"');
      assertValid(applyNamedFix(none, problem, 'Add inline "sequences"').result);

      const both = text({ ...baseSpec(), data: { sequences: [{ inputs: [[0]], target: [0] }], generate: { inputs: ['t'], target: '0', length: 3 } } });
      const two = only(parseSpec(both), 'schema', ['data', 'generate']);
      assertRange(both, two, '"generate"');
      assertValid(applyNamedFix(both, two, 'Remove "generate"').result);
    });

    it('the root must be an object', () => {
      for (const source of ['[]', '42', '"spec"', 'null']) {
        const result = parseSpec(source);
        assert.equal(result.spec, undefined);
        assert.deepEqual(result.problems.map((p) => [p.offset, p.length]), [[0, source.length]]);
      }
    });
  });

  describe('view', () => {
    it('view.inputLabels: words for input values, a key that is not a number is one problem on that key', () => {
      const spec = baseSpec();
      spec.view = { scale: 'linear', inputLabels: { '0': 'low', '0.50': 'medium', high: '1' } };
      const source = text(spec);
      const problem = only(parseSpec(source), 'schema', ['view', 'inputLabels', 'high']);
      assertRange(source, problem, '"high"');
      assert.equal(problem.message, '"high" is not a number: a key of view.inputLabels is an input value written as text, like "0.5".');
      delete spec.view.inputLabels.high;
      const parsed = parseSpec(text(spec));
      assert.deepEqual(parsed.spec!.view, { scale: 'linear', inputLabels: { '0': 'low', '0.50': 'medium' } });
    });
  });

  describe('version', () => {
    it('absent: an info with a fix adding "version": 1', () => {
      const spec = baseSpec();
      delete spec.version;
      const source = text(spec);
      const result = parseSpec(source);
      assert.ok(result.spec);
      const problem = only(result, 'version');
      assert.equal(problem.severity, 'info');
      const { result: fixed } = applyNamedFix(source, problem);
      assert.deepEqual(fixed.problems, []);
    });

    it('newer than this Unroll: an error on the number', () => {
      const source = text({ ...baseSpec(), version: 2 });
      const problem = only(parseSpec(source), 'version', ['version']);
      assertRange(source, problem, '2');
      assert.match(problem.message, /Update Unroll/);
    });
  });
});
