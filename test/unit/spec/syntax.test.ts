import * as assert from 'node:assert/strict';
import { parseSpec } from '../../../src/spec/index';
import { LIMITS } from '../../../src/spec/limits';
import { assertRange, assertValid, baseSpec, errors, only, text } from './helpers/specs';

describe('spec syntax', () => {
  it('accepts comments and trailing commas (jsonc)', () => {
    const source = `// a spec with comments
{
  "version": 1, /* format */
  "model": { "cell": "rnn", "inputSize": 1, "hiddenSize": 2, "outputSize": 1, },
  "data": { "sequences": [ { "inputs": [[0], [1],], "target": [1], }, ], },
}
`;
    const result = parseSpec(source);
    assertValid(result);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.spec!.data.sequences[0].inputs, [[0], [1]]);
  });

  it('accepts a byte-order mark and CRLF line endings, and counts lines and columns from 1', () => {
    const source = '\uFEFF' + text(baseSpec()).replace(/\n/g, '\r\n').replace('"cell": "rnn"', '"cell": "rnm"');
    const problem = only(parseSpec(source), 'schema', ['model', 'cell']);
    assertRange(source, problem, '"rnm"');
    const lineText = source.split('\r\n')[problem.line - 1];
    assert.equal(lineText.slice(problem.column - 1, problem.column - 1 + 5), '"rnm"');
  });

  it('puts a missing comma where it is missing', () => {
    const source = '{\n  "version": 1\n  "model": {}\n}';
    const problem = only(parseSpec(source), 'parse');
    assert.match(problem.message, /comma/i);
    assert.deepEqual([problem.line, problem.column], [3, 3]);
    assertRange(source, problem, '"model"');
  });

  describe('one problem per mistake', () => {
    const spec = () => text({ version: 1, model: { cell: 'rnn', inputSize: 1, hiddenSize: 1, outputSize: 1, init: { seed: 1 } }, data: { generate: { inputs: ['t == 0 ? 1 : 0'], target: '1', length: 5 } } });

    it('a list left open before the next "key": is one problem, after its last item, naming where it opened', () => {
      const source = spec().replace(/\[\s*("t == 0 \? 1 : 0")\s*\],/, '[$1,');
      assert.match(source, /"inputs": \["t == 0 \? 1 : 0",\n\s*"target"/);
      const problems = parseSpec(source).problems;
      assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => p.message)));
      assertRange(source, problems[0], '"t == 0 ? 1 : 0"');
      const open = source.indexOf('[', source.indexOf('"inputs"'));
      const line = source.slice(0, open).split('\n').length;
      assert.match(problems[0].message, new RegExp(`A \\] is missing after this: the list opened on line ${line}, column \\d+ is still open at "target"`));
    });

    it('an inner list left open ([[2], then the next weight) is one problem', () => {
      const source = '{"model": {"weights": {"weight_hh_l0": [[2], "bias_ih_l0": [0]}}}';
      const problems = parseSpec(source).problems;
      assert.deepEqual(problems.map((p) => [p.column, p.message.slice(0, 27)]), [[43, 'A ] is missing after this: ']]);
    });

    it('a bracket too many is one problem on that bracket', () => {
      const source = '{"version": 1, "model": {"weights": {"weight_hh_l0": [2]], "bias_ih_l0": [0]}}}';
      const problems = parseSpec(source).problems;
      assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => p.message)));
      assertRange(source, problems[0], ']', 1);
      assert.match(problems[0].message, /This \] closes nothing/);
    });

    it('a file cut short is one problem, however many brackets are open', () => {
      const source = spec().slice(0, spec().indexOf('"length"'));
      const problems = parseSpec(source).problems;
      assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => p.message)));
      assert.match(problems[0].message, /The file ends with 3 brackets still open .*: \} \} \} are missing/);
    });

    it('separate mistakes are each reported once, in order', () => {
      const source = '{"a": NaN, "b": \'x\', "c": [1 2], "d": 01, "e": [1,,2]}';
      const problems = parseSpec(source).problems;
      assert.deepEqual(problems.map((p) => source.slice(p.offset, p.offset + p.length)), ['NaN', "'x'", '2', '01', ',']);
    });
  });

  it('explains NaN and single quotes', () => {
    const nan = '{"version": 1, "model": {"inputSize": NaN}}';
    const problem = parseSpec(nan).problems[0];
    assertRange(nan, problem, 'NaN');
    assert.match(problem.message, /JSON has no NaN/);
    const quotes = "{'version': 1}";
    assert.match(parseSpec(quotes).problems[0].message, /double quotes/);
  });

  it('says an empty file is empty', () => {
    const result = parseSpec('');
    assert.equal(result.spec, undefined);
    assert.match(only(result, 'parse').message, /empty/);
  });

  it('says where an unclosed object ends', () => {
    const source = '{"version": 1, "model": {"cell": "rnn"';
    const result = parseSpec(source);
    assert.ok(errors(result).length >= 1);
    for (const problem of result.problems) assert.ok(problem.offset + problem.length <= source.length);
    assert.ok(result.problems.some((p) => /closed|missing/.test(p.message)));
  });

  it('refuses nesting deeper than the limit on the first bracket too deep, without overflowing the stack', () => {
    const depth = 100_000;
    const source = '['.repeat(depth) + ']'.repeat(depth);
    const problem = only(parseSpec(source), 'limit');
    assert.equal(problem.offset, LIMITS.nesting);
    assert.equal(problem.length, 1);
  });

  it('refuses a document over the size limit without parsing it', () => {
    const source = ' '.repeat(LIMITS.documentChars + 1);
    const problem = only(parseSpec(source), 'limit');
    assert.match(problem.message, /limit/);
  });

  it('rejects numbers that overflow to Infinity, on the number', () => {
    const source = text(baseSpec()).replace('"hiddenSize": 2', '"hiddenSize": 1e999');
    const problem = only(parseSpec(source), 'number', ['model', 'hiddenSize']);
    assertRange(source, problem, '1e999');
  });

  it('never throws on input that is not even a string', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      const result = parseSpec(bad as unknown as string);
      assert.equal(result.spec, undefined);
      assert.ok(errors(result).length >= 1);
    }
  });

  it('warns about a key given twice, on the one that is ignored', () => {
    const source = '{"version": 1, "name": "a", "name": "b", "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1}, "data": {"sequences": [{"inputs": [[0]], "target": [0]}]}}';
    const result = parseSpec(source);
    const problem = only(result, 'duplicate-key');
    assert.equal(problem.severity, 'warning');
    assertRange(source, problem, '"name"', 0);
    assert.equal(result.spec!.name, 'b');
  });

  it('keeps "__proto__" an ordinary (unknown) property', () => {
    const spec = baseSpec();
    const source = text(spec).replace('"version": 1,', '"version": 1, "__proto__": {"polluted": true},');
    const problem = only(parseSpec(source), 'schema', ['__proto__']);
    assertRange(source, problem, '"__proto__"');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
