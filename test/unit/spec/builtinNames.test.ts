// Names that plain JavaScript objects already have ("constructor", "__proto__", "toString", …) are ordinary
// names in a spec: a column, a weight, a key. Nothing may find a built-in under them.
import * as assert from 'node:assert/strict';
import { applyFix, fixesFor, parseSpec } from '../../../src/spec/index';
import { textFiles } from '../../../src/spec/files';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseSpec, text } from './helpers/specs';
import { loadMain, memoryIo } from '../cli/memoryIo';

const BUILT_INS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];

describe('built-in names in a spec', () => {

  for (const name of BUILT_INS) {
    it(`a weight named "${name}": no built-in in the message, and every fix leaves valid JSON`, () => {
      const spec = baseSpec();
      const source = text(spec).replace('"outputSize": 1', `"outputSize": 1, "weights": { ${JSON.stringify(name)}: [[1]] }`);
      const problems = parseSpec(source).problems.filter((p) => p.code === 'weight-name');
      assert.equal(problems.length, 1, JSON.stringify(parseSpec(source).problems));
      assert.doesNotMatch(problems[0].message, /native code|function|\[object|undefined/);
      assert.match(problems[0].message, new RegExp(`"${name.replace(/\$/g, '\\$')}" is not a weight of this model\\. Weights use`));
      assert.ok(problems[0].fixes && problems[0].fixes.length > 0);
      for (const fix of problems[0].fixes!) {
        for (const edit of fix.edits) assert.equal(typeof edit.newText, 'string', fix.title);
        const after = parseSpec(applyFix(source, fix));
        assert.deepEqual(after.problems.filter((p) => p.code === 'parse'), [], `"${fix.title}" keeps the JSON valid`);
        assert.deepEqual(after.problems.filter((p) => p.code === 'weight-name'), [], `"${fix.title}" removes the problem`);
      }
    });
  }

  it('"Did you mean" suggests a weight name, never a built-in: a misspelt name next to "constructor"', () => {
    const source = text(baseSpec()).replace('"outputSize": 1', '"outputSize": 1, "weights": { "constructor": [[1]], "weight_hh_lO": [[1, 0], [0, 1]] }');
    const messages = parseSpec(source).problems.map((p) => p.message);
    assert.ok(messages.some((m) => m.includes('Did you mean "weight_hh_l0"?')), messages.join('\n'));
  });

  for (const column of ['constructor', '__proto__', 'toString']) {
    it(`a CSV target column named "${column}" with cross-entropy: check passes and the labels are the file's`, () => {
      const spec = baseSpec();
      spec.model.outputSize = 2;
      spec.loss = { type: 'cross-entropy', on: 'last' };
      spec.data = { csv: { file: 'data.csv', columns: ['x'], targetColumn: column, window: 2, horizon: 0 } };
      const result = parseSpec(text(spec), { readFile: textFiles({ 'data.csv': `x,${column}\n1,0\n2,1\n3,1\n4,0\n` }) });
      assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
      assert.deepEqual(result.spec!.data.sequences.map((s) => s.target), [1, 1, 0]);
      const source = result.spec!.source;
      assert.ok(source?.kind === 'csv');
      assert.ok(!Object.hasOwn(source.transforms, column), 'class labels are not scaled');
    });
  }

  it('`unroll grad` on a spec whose CSV target column is "constructor" exits 0, not with an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unroll-builtin-'));
    try {
      const spec = baseSpec();
      spec.model.outputSize = 2;
      spec.loss = { type: 'cross-entropy', on: 'last' };
      spec.data = { csv: { file: 'data.csv', columns: ['x'], targetColumn: 'constructor', window: 2, horizon: 0 } };
      writeFileSync(join(dir, 'data.csv'), 'x,constructor\n1,0\n2,1\n3,1\n');
      writeFileSync(join(dir, 'spec.rnn.json'), text(spec));
      const io = memoryIo();
      const code = await (await loadMain())(['grad', join(dir, 'spec.rnn.json')], io);
      assert.equal(code, 0, io.stderr());
      assert.doesNotMatch(io.stderr(), /internal error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key named "__proto__" that is missing its neighbour: the added property goes into the object, as text', () => {
    const source = '{"version": 1, "model": {"__proto__": {}, "cell": "rnn", "inputSize": 1, "outputSize": 1}, "data": {"sequences": [{"inputs": [[1]], "target": [1]}]}}';
    for (const problem of parseSpec(source).problems) {
      for (const fix of problem.fixes ?? []) assert.deepEqual(parseSpec(applyFix(source, fix)).problems.filter((p) => p.code === 'parse'), [], fix.title);
    }
  });

  it('lazy fixes: a fix key instead of fixes, and fixesFor gives what an eager parse gives', () => {
    const source = text(baseSpec()).replace('"outputSize": 1', '"outputSize": 1, "weights": { "constructor": [[1]], "w2": [[0.5]] }');
    const eager = parseSpec(source).problems.filter((p) => p.fixes);
    const lazy = parseSpec(source, { fixes: 'lazy' }).problems.filter((p) => p.fixKey);
    assert.ok(eager.length >= 2);
    assert.equal(lazy.length, eager.length);
    assert.ok(lazy.every((p) => p.fixes === undefined));
    lazy.forEach((problem, i) => assert.deepEqual(fixesFor(source, problem.fixKey!), eager[i].fixes));
    assert.deepEqual(fixesFor(source, 'no-such-key'), []);
    const w2 = lazy.find((p) => p.message.startsWith('"w2"'))!;
    assert.deepEqual(fixesFor(source.replace('w2', 'w3'), w2.fixKey!), [], 'an edited text no longer has that problem');
  });
});
