import * as assert from 'node:assert/strict';
import { parseSpec } from '../../../src/spec/index';
import { compileFormula, noise } from '../../../src/spec/expressions';
import { applyNamedFix, assertRange, assertValid, baseSpec, errors, only, text } from './helpers/specs';

function generateSpec(generate: Record<string, unknown>, extra: Record<string, any> = {}): Record<string, any> {
  return { ...baseSpec(), data: { generate: { length: 3, ...generate } }, ...extra };
}

describe('generated data', () => {
  it('evaluates inputs at every step t of every sequence s, and target at t = T - 1', () => {
    const result = parseSpec(text(generateSpec({ inputs: ['10 * s + t'], target: 'T + t', count: 2 })));
    assertValid(result);
    assert.deepEqual(result.spec!.data.sequences, [
      { inputs: [[0], [1], [2]], target: [5] },
      { inputs: [[10], [11], [12]], target: [5] },
    ]);
    assert.deepEqual(result.spec!.source, { kind: 'generate', length: 3, count: 2, inputs: ['10 * s + t'], targets: ['T + t'] });
  });

  it('a parse with the same data reuses the last evaluation, as a copy; a changed formula or setting does not', () => {
    const spec = generateSpec({ inputs: ['10 * s + t'], target: 'T + t', count: 2 });
    const first = parseSpec(text(spec)).spec!.data.sequences;
    first[0].inputs[1][0] = 99; // a caller that changes what it got must not change the next parse's data
    (first[1].target as number[])[0] = 99;
    const again = parseSpec(text({ ...spec, name: 'renamed' })).spec!.data.sequences;
    assert.deepEqual(again, [
      { inputs: [[0], [1], [2]], target: [5] },
      { inputs: [[10], [11], [12]], target: [5] },
    ]);
    assert.deepEqual(parseSpec(text(generateSpec({ inputs: ['10 * s + t'], target: 'T + t', count: 1 }))).spec!.data.sequences, [
      { inputs: [[0], [1], [2]], target: [5] },
    ]);
    assert.deepEqual(parseSpec(text(generateSpec({ inputs: ['10 * s - t'], target: 'T + t', count: 2 }))).spec!.data.sequences[1].inputs, [[10], [9], [8]]);
    const all = generateSpec({ inputs: ['10 * s + t'], targets: 'T + t', count: 2 });
    all.loss.on = 'all';
    assert.deepEqual(parseSpec(text(all)).spec!.data.sequences[0].targets, [[3], [4], [5]], 'loss.on is part of what the data depends on');
  });

  it('the sine example of the docs: target is the next value', () => {
    const result = parseSpec(text(generateSpec({ inputs: ['sin(t / 5)'], target: 'sin((t + 1) / 5)', length: 10 })));
    const sequence = result.spec!.data.sequences[0];
    assert.equal(sequence.inputs[4][0], Math.sin(4 / 5));
    assert.deepEqual(sequence.target, [Math.sin(10 / 5)]);
  });

  it('targets are evaluated at every step for loss.on = all; comparisons give 0 or 1', () => {
    const spec = generateSpec({ inputs: ['t == 0 ? 1 : 0'], targets: 't >= 1' });
    spec.loss.on = 'all';
    assert.deepEqual(parseSpec(text(spec)).spec!.data.sequences[0], { inputs: [[1], [0], [0]], targets: [[0], [1], [1]] });
  });

  it('several outputs take a list of formulas; cross-entropy takes one class index', () => {
    const spec = generateSpec({ inputs: ['t', 's'], target: ['1', '2'] });
    Object.assign(spec.model, { inputSize: 2, outputSize: 2 });
    assert.deepEqual(parseSpec(text(spec)).spec!.data.sequences[0].target, [1, 2]);

    const classes = generateSpec({ inputs: ['t'], target: 'mod(s, 3)', count: 4 }, { loss: { type: 'cross-entropy', on: 'last' } });
    classes.model.outputSize = 3;
    assert.deepEqual(parseSpec(text(classes)).spec!.data.sequences.map((s) => s.target), [0, 1, 2, 0]);
  });

  it('noise(s, t) is repeatable, in [-1, 1), and differs between arguments', () => {
    assert.equal(noise(3, 4), noise(3, 4));
    assert.notEqual(noise(3, 4), noise(4, 3));
    assert.notEqual(noise(0, 0.5), noise(0, 0));
    for (let i = 0; i < 1000; i++) {
      const value = noise(i, i * 7);
      assert.ok(value >= -1 && value < 1);
    }
  });

  it('a syntax error in a formula: on that string', () => {
    const source = text(generateSpec({ inputs: ['sin(t / '], target: '0' }));
    const problem = only(parseSpec(source), 'expression', ['data', 'generate', 'inputs', 0]);
    assertRange(source, problem, '"sin(t / "');
  });

  it('unknown symbols and unsafe constructs are refused', () => {
    const refused = ['x + 1', 'a = 3', 'f(x) = x', '[1, 2]', 'import({})', 'evaluate("1")', '"text"', '5 cm', 'random()', 'x.y', '1:3', '1; 2', 'noise'];
    for (const formula of refused) {
      const compiled = compileFormula(formula);
      assert.equal(compiled.ok, false, formula);
    }
    const source = text(generateSpec({ inputs: ['t'], target: 'y * 2' }));
    const problem = only(parseSpec(source), 'expression', ['data', 'generate', 'target']);
    assertRange(source, problem, '"y * 2"');
    assert.match(problem.message, /"y" is not known here/);
  });

  it('a formula that is not finite somewhere: on the formula, saying where', () => {
    const source = text(generateSpec({ inputs: ['1 / t'], target: '0' }));
    const problem = only(parseSpec(source), 'expression', ['data', 'generate', 'inputs', 0]);
    assertRange(source, problem, '"1 / t"');
    assert.match(problem.message, /gives Infinity at t = 0, s = 0/);
  });

  it('a result with no real value is explained', () => {
    // Formulas compute with real numbers only (math.js's number build): sqrt(-1) is NaN, not a complex number.
    const source = text(generateSpec({ inputs: ['sqrt(-1 - t)'], target: '0' }));
    assert.match(only(parseSpec(source), 'expression').message, /gives NaN at t = 0.*square root or log of a negative number/);
  });

  it('a class index formula that leaves the classes: on the formula', () => {
    const spec = generateSpec({ inputs: ['t'], target: 's', count: 3 }, { loss: { type: 'cross-entropy', on: 'last' } });
    spec.model.outputSize = 2;
    const source = text(spec);
    const problem = only(parseSpec(source), 'target', ['data', 'generate', 'target']);
    assertRange(source, problem, '"s"');
    assert.match(problem.message, /gives 2 at t = 2, s = 2: class 2 does not exist/);
  });

  it('"targets" with loss.on = last: on the key, with a rename fix', () => {
    const source = text(generateSpec({ inputs: ['t'], targets: '0' }));
    const problem = only(parseSpec(source), 'target', ['data', 'generate', 'targets']);
    assertRange(source, problem, '"targets"');
    assertValid(applyNamedFix(source, problem, 'Rename to "target"').result);
  });

  it('the number of input formulas must match inputSize', () => {
    const source = text(generateSpec({ inputs: ['t', 's'], target: '0' }));
    const problem = only(parseSpec(source), 'shape', ['data', 'generate', 'inputs']);
    assertValid(applyNamedFix(source, problem, 'Set model.inputSize to 2').result);
  });

  it('a missing target: on the generate key, with a fix', () => {
    const source = text(generateSpec({ inputs: ['t'] }));
    const problem = only(parseSpec(source), 'target', ['data', 'generate']);
    assertRange(source, problem, '"generate"');
    assertValid(applyNamedFix(source, problem).result);
  });

  it('long formulas over many steps hit the formula-work limit, on the generate key', () => {
    const long = Array.from({ length: 20 }, (_, i) => `sin(t / ${i + 1})`).join(' + ');
    const source = text(generateSpec({ inputs: [long], target: '0', length: 2000, count: 20 }));
    const problem = only(parseSpec(source), 'limit', ['data', 'generate']);
    assertRange(source, problem, '"generate"');
    assert.match(problem.message, /formula parts .* over the limit of 1,000,000: the formulas are evaluated again/);
  });

  it('reports each broken formula once', () => {
    const result = parseSpec(text(generateSpec({ inputs: ['log(t - 1)'], target: '0', length: 50, count: 50 })));
    assert.equal(errors(result).length, 1);
  });
});
