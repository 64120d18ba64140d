import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computePreview } from '../../../src/jobs/preview';
import { snapshotFromText } from '../../../src/jobs/snapshotFromDisk';
import { decodeMessage, DRAWN_UNITS, encodedSize, encodeMessage, hasNonFinite, type PreviewModel } from '../../../src/protocol';
import { forDisplay, round } from '../../../src/preview/displayPrecision';
import { stepHealth, overallHealth } from '../../../src/analysis/gradientHealth';

const examples = join(__dirname, '..', '..', '..', 'examples');

function previewOf(name: string, sequence = 0): PreviewModel {
  const text = readFileSync(join(examples, `${name}.rnn.json`), 'utf8');
  const outcome = computePreview({ spec: snapshotFromText(text, { uri: `file:///${name}`, baseDir: examples }), sequence });
  assert.equal(outcome.type, 'model', JSON.stringify(outcome));
  return (outcome as { model: PreviewModel }).model;
}

describe('preview model', () => {
  it('puts the closed form (w2·f′)^(T−t) beside the measured dL/dh_t of a scalar rnn', () => {
    for (const name of ['exploding', 'vanishing']) {
      const model = previewOf(name);
      assert.ok(model.scalar, `${name} is scalar`);
      for (let t = 0; t < model.steps; t++) {
        const measured = model.dLdh[t][0];
        const predicted = model.scalar.predicted[t];
        assert.ok(Math.abs(measured - predicted) <= 1e-12 * Math.abs(predicted), `${name} step ${t}: ${measured} vs ${predicted}`);
      }
      // math.js works the factor out for the label: 2 ^ 49 or 0.5 ^ 49
      assert.equal(model.scalar.atFirstStep, `${model.scalar.w2} ^ ${model.steps - 1}`);
      // and the factor really is w2^(T−t) on these positive-input examples
      const T = model.steps - 1;
      assert.ok(Math.abs(model.gradNorm[0] / model.gradNorm[T] - Math.abs(model.scalar.w2) ** T) < 1e-9 * Math.abs(model.scalar.w2) ** T);
    }
  });

  it('marks outputs before the last step as ignored when the loss is on the last step', () => {
    const model = previewOf('exploding');
    assert.equal(model.targets.filter((t) => t === null).length, model.steps - 1);
    assert.notEqual(model.targets[model.steps - 1], null);
  });

  it('returns the first problem with its line and column for a broken spec', () => {
    const good = readFileSync(join(examples, 'exploding.rnn.json'), 'utf8');
    const text = good.replace('"cell": "rnn"', '"cell": "rnm"');
    const line = good.slice(0, good.indexOf('"cell": "rnn"')).split('\n').length;
    const outcome = computePreview({ spec: snapshotFromText(text, { uri: 'file:///x', version: 3 }), sequence: 0 });
    assert.equal(outcome.type, 'invalid');
    if (outcome.type !== 'invalid') return;
    assert.equal(outcome.problem.line, line);
    assert.equal(outcome.version, 3);
  });

  it('lists every error of a spec that cannot run, in order, not just the first', () => {
    const good = readFileSync(join(examples, 'exploding.rnn.json'), 'utf8');
    const text = good.replace('"cell": "rnn"', '"cell": "rnm"').replace('"learningRate": 0.01', '"learningRate": -1');
    const outcome = computePreview({ spec: snapshotFromText(text, { uri: 'file:///x', version: 3 }), sequence: 0 });
    assert.equal(outcome.type, 'invalid');
    if (outcome.type !== 'invalid') return;
    assert.equal(outcome.problemCount, 2);
    assert.deepEqual(outcome.problems.map((p) => p.message.split(' ')[0]), ['model.cell', 'training.learningRate']);
    assert.deepEqual(outcome.problems[0], outcome.problem);
    assert.ok(outcome.problems[1].line > outcome.problems[0].line);
  });

  it('carries the spec\'s view.scale and view.inputLabels to the views', () => {
    const model = previewOf('statquest-stock');
    assert.equal(model.scale, 'linear');
    assert.deepEqual(model.inputLabels, { '0': 'low', '0.5': 'medium', '1': 'high' });
    assert.equal(previewOf('exploding').scale, 'log');
    assert.equal(previewOf('sine').scale, undefined, 'absent: the views draw a log axis');
  });

  it('shows the sequence asked for, clamped to the ones that exist', () => {
    assert.equal(previewOf('statquest-stock', 2).sequence, 2);
    assert.equal(previewOf('statquest-stock', 99).sequence, 3);
  });
});

describe('preview model of a stacked network', () => {
  /** An example made three layers deep, showing the gates and cell state of `layer`. */
  function stacked(name: string, layer?: number): PreviewModel {
    const spec = JSON.parse(readFileSync(join(examples, `${name}.rnn.json`), 'utf8')) as { model: Record<string, unknown> };
    spec.model.numLayers = 3;
    const snapshot = snapshotFromText(JSON.stringify(spec), { uri: `file:///${name}-stacked`, baseDir: examples });
    const outcome = computePreview({ spec: snapshot, sequence: 0, layer });
    assert.equal(outcome.type, 'model', JSON.stringify(outcome));
    return (outcome as { model: PreviewModel }).model;
  }

  it('draws the top layer unless another is asked for, and clamps the request to the layers that exist', () => {
    assert.equal(stacked('long-range-lstm').gatesLayer, 2);
    assert.equal(stacked('long-range-lstm', 0).gatesLayer, 0);
    assert.equal(stacked('long-range-lstm', 7).gatesLayer, 2);
    assert.equal(stacked('long-range-lstm', -1).gatesLayer, 0);
  });

  it("gives the asked layer's lstm gates, which with its cell state satisfy c_t = f⊙c_{t−1} + i⊙g", () => {
    for (const layer of [0, 1, 2]) {
      const model = stacked('long-range-lstm', layer);
      const { i, f, g } = model.gates!;
      const c = model.cellState![layer];
      for (let t = 0; t < model.steps; t++) {
        for (let u = 0; u < model.hiddenSize; u++) {
          const before = t === 0 ? 0 : c[t - 1][u];
          const expected = f[t][u] * before + i[t][u] * g[t][u];
          assert.ok(Math.abs(c[t][u] - expected) <= 1e-12, `layer ${layer}, step ${t}, unit ${u}: ${c[t][u]} vs ${expected}`);
        }
      }
    }
  });

  it("gives the asked layer's gru gates, which with its hidden state satisfy h_t = (1 − z)⊙n + z⊙h_{t−1}", () => {
    for (const layer of [0, 2]) {
      const model = stacked('long-range-gru', layer);
      const { z, n } = model.gates!;
      const h = model.hidden[layer];
      for (let t = 1; t < model.steps; t++) {
        for (let u = 0; u < model.hiddenSize; u++) {
          const expected = (1 - z[t][u]) * n[t][u] + z[t][u] * h[t - 1][u];
          assert.ok(Math.abs(h[t][u] - expected) <= 1e-12, `layer ${layer}, step ${t}, unit ${u}: ${h[t][u]} vs ${expected}`);
        }
      }
    }
  });
});

describe('gradient health', () => {
  it('calls a step vanishing relative to the largest, exploding in absolute terms or when not finite', () => {
    const health = stepHealth([1e-9, 1, 2e5, NaN], { vanishing: 1e-6, exploding: 1e6 });
    assert.deepEqual(health, ['vanishing', 'healthy', 'healthy', 'exploding']);
    assert.deepEqual(stepHealth([1, 2e6]), ['vanishing', 'exploding']);
    assert.equal(overallHealth(health), 'exploding');
    assert.equal(overallHealth(['healthy', 'vanishing']), 'vanishing');
  });
});

describe('message codec', () => {
  it('keeps NaN and ±Infinity, which JSON would turn into null', () => {
    const model = previewOf('vanishing');
    model.gradNorm = [NaN, Infinity, -Infinity, 1.5];
    const decoded = decodeMessage(encodeMessage({ type: 'model', model, settings: { colorScale: 'diverging', thresholds: model.thresholds } }));
    assert.equal(decoded.type, 'model');
    if (decoded.type !== 'model') return;
    assert.deepEqual(decoded.model.gradNorm, [NaN, Infinity, -Infinity, 1.5]);
    assert.equal(decoded.model.name, model.name);
  });

  it('finds a non-finite number deep in a record of nested arrays, and sends a finite message as plain JSON', () => {
    const model = previewOf('long-range-lstm');
    const message = { type: 'model' as const, model, settings: { colorScale: 'diverging' as const, thresholds: model.thresholds } };
    assert.equal(hasNonFinite(message), false);
    assert.ok(!encodeMessage(message).json.includes('nonfinite'), 'nothing to tag: the plain encoding');
    assert.deepEqual(decodeMessage(encodeMessage(message)), JSON.parse(JSON.stringify(message)));

    model.gates!.f[3][2] = -Infinity;
    assert.equal(hasNonFinite(message), true);
    const decoded = decodeMessage(encodeMessage(message));
    assert.ok(decoded.type === 'model');
    assert.equal(decoded.model.gates!.f[3][2], -Infinity);
    assert.equal(decoded.model.gates!.f[3][1], model.gates!.f[3][1]);
  });

  it('sends the per-unit tables as bytes, exact to the bit, and rebuilds them as rows', () => {
    const model = previewOf('long-range-lstm');
    model.dLdh = Array.from({ length: 40 }, (_, t) => Array.from({ length: 16 }, (_, u) => Math.sin(t * 16 + u) * 10 ** (t - 20)));
    model.dLdh[3][5] = NaN;
    model.dLdh[4][0] = -Infinity;
    model.contributions = JSON.parse('{"__proto__": [1, 2], "constructor": [3]}') as Record<string, number[]>;
    const message = { type: 'model' as const, model, settings: { colorScale: 'diverging' as const, thresholds: model.thresholds } };
    const encoded = encodeMessage(message);
    assert.ok(encoded.numbers instanceof Float64Array && encoded.numbers.length >= 640, 'the 40 × 16 table went as bytes');
    assert.ok(!encoded.json.includes(String(model.dLdh[7][1])), 'and not as text');
    const decoded = decodeMessage(encoded);
    assert.ok(decoded.type === 'model');
    assert.deepEqual(decoded.model.dLdh, model.dLdh, 'every number, NaN and −∞ included');
    assert.ok(Array.isArray(decoded.model.dLdh[0]), 'rows of plain numbers, as the views read them');
    assert.deepEqual(Object.keys(decoded.model.contributions), ['__proto__', 'constructor'], 'a key named __proto__ stays a key');
    assert.deepEqual(decoded.model.contributions.__proto__, [1, 2]);
    assert.ok(encodedSize(encoded) < JSON.stringify(message).length, 'fewer bytes than the JSON text');
  });

  it('leaves a string that only looks like the tag alone', () => {
    const model = previewOf('vanishing');
    model.name = 'nonfinite:NaN';
    model.gradNorm = [NaN];
    const decoded = decodeMessage(encodeMessage({ type: 'model', model, settings: { colorScale: 'diverging', thresholds: model.thresholds } }));
    assert.ok(decoded.type === 'model');
    assert.equal(decoded.model.name, 'nonfinite:NaN');
    assert.deepEqual(decoded.model.gradNorm, [NaN]);
  });
});

describe('display precision', () => {
  it('rounds to 6 significant digits exactly as toPrecision(6) does, over 40 orders of magnitude', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let checked = 0;
    for (let i = 0; i < 50_000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      assert.equal(round(value), Number(value.toPrecision(6)), `${value}`);
      checked++;
    }
    for (const value of [0, -0, NaN, Infinity, -Infinity]) assert.ok(Object.is(round(value), value), `${value} stays`);
    assert.equal(round(1e-300 * 1.2345678), 1.23457e-300, 'beyond the table of powers of ten it still rounds');
    assert.equal(checked, 50_000);
  });

  it('rounds the per-unit arrays of a vector model, keeps the exact per-step norms, and drops the weight matrices', () => {
    const spec = {
      version: 1,
      name: 'wide lstm',
      model: { cell: 'lstm', inputSize: 2, hiddenSize: 12, outputSize: 1, init: { scheme: 'pytorch', seed: 3 } },
      data: { generate: { inputs: ['sin(t / 3 + s)', 'cos(t / 4)'], target: 'sin(T / 3 + s)', length: 10, count: 2 } },
      loss: { type: 'mse', on: 'last' },
    };
    const outcome = computePreview({ spec: snapshotFromText(JSON.stringify(spec), { uri: 'file:///wide' }) });
    assert.ok(outcome.type === 'model', JSON.stringify(outcome));
    const { model } = outcome;
    const shown = forDisplay(model);
    assert.equal(shown.hidden[0][5][3], Number(model.hidden[0][5][3].toPrecision(6)));
    assert.equal(shown.gates!.i[7][1], Number(model.gates!.i[7][1].toPrecision(6)));
    assert.ok(model.hiddenSize > DRAWN_UNITS);
    assert.equal(shown.gates!.f[7].length, DRAWN_UNITS, 'a gate node draws its first units as stripes, and no more go');
    assert.equal(shown.hidden[0][7].length, DRAWN_UNITS, 'a node draws the first units of h, and no more go');
    assert.equal(shown.cellState![0][7].length, DRAWN_UNITS, 'nor of c');
    const everyState = [...model.hidden, ...model.cellState!].flat(2).map(Math.abs);
    const drawnStates = [...shown.hidden, ...shown.cellState!].flat(2).map(Math.abs);
    assert.equal(shown.stateMax, Number(Math.max(...everyState).toPrecision(6)), 'the colour scale still reaches every unit');
    assert.ok(shown.stateMax! > Math.max(...drawnStates), 'a unit that is not drawn sets the reach here');
    assert.equal(shown.gradNorm, model.gradNorm, 'the per-step norms go exact');
    assert.deepEqual(shown.weights, {});
    assert.ok(model.dLdc && shown.dLdc === undefined, 'dL/dc stays in the host, for the exports');
    assert.ok(JSON.stringify(shown).length < JSON.stringify(model).length / 2, 'the message is less than half the size');
  });

  it('leaves a scalar model as it is: its weights are the labels on the edges', () => {
    const model = previewOf('statquest-stock');
    assert.equal(forDisplay(model), model);
  });
});
