// The problem cap: at most MAX_PROBLEMS shown, errors never crowded out by warnings, fixes made only for those shown.
import * as assert from 'node:assert/strict';
import { JsonDocument, type DraftProblem } from '../../../src/spec/jsonDocument';
import { finishProblems, MAX_PROBLEMS, problemKey } from '../../../src/spec/problems';
import { parseSpec } from '../../../src/spec/index';

function drafts(count: number, severity: 'error' | 'warning', start: number, onFix: () => void): DraftProblem[] {
  const document = JsonDocument.textOnly('x'.repeat(start + count + 1));
  return Array.from({ length: count }, (_, i) =>
    document.problem({ offset: start + i, length: 1 }, {
      message: `${severity} ${i}`,
      path: [],
      code: 'test',
      severity,
      fixes: () => {
        onFix();
        return [{ title: 'fix', edits: [{ offset: start + i, length: 1, newText: 'y' }] }];
      },
    }),
  );
}

describe('the problem cap', () => {
  it('makes fixes only for the problems it keeps, and none at all when they are asked for later', () => {
    let made = 0;
    const many = drafts(20_000, 'error', 0, () => made++);
    const eager = finishProblems(many, 'eager');
    assert.equal(eager.length, MAX_PROBLEMS + 1);
    assert.equal(made, MAX_PROBLEMS);
    made = 0;
    const lazy = finishProblems(many, 'lazy');
    assert.equal(made, 0);
    assert.equal(lazy[0].fixKey, problemKey(lazy[0]));
    assert.ok(lazy.every((p) => p.fixes === undefined));
  });

  it('keeps errors before warnings, so a file with 600 warnings before its error still shows the error', () => {
    const warnings = drafts(600, 'warning', 0, () => undefined);
    const error = drafts(1, 'error', 700, () => undefined);
    const problems = finishProblems([...warnings, ...error], 'eager');
    assert.ok(problems.some((p) => p.severity === 'error' && p.message === 'error 0'));
    const more = problems[problems.length - 1];
    assert.equal(more.code, 'more');
    assert.match(more.message, /101 more problems not shown/);
    assert.deepEqual(problems.slice(0, -1).map((p) => p.offset), [...problems.slice(0, -1).map((p) => p.offset)].sort((a, b) => a - b), 'in document order');
  });

  it('a spec with 100,000 duplicate weights and one wrong shape: the error is shown', () => {
    const text = `{"version": 1, "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1, "weights": {${'"fc.bias": [[1]], '.repeat(100_000)}"fc.bias": [[1]]}}, "data": {"sequences": [{"inputs": [[1]], "target": [1]}]}}`;
    const result = parseSpec(text);
    assert.equal(result.spec, undefined);
    assert.ok(result.problems.some((p) => p.severity === 'error' && p.code === 'shape'), 'the shape error survives the cap');
  });
});
