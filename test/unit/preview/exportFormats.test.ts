import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computePreview } from '../../../src/jobs/preview';
import { snapshotFromText } from '../../../src/jobs/snapshotFromDisk';
import { gradientsCsv, gradientsJson, htmlReport } from '../../../src/export/formats';
import type { PreviewModel } from '../../../src/protocol';

const examples = join(__dirname, '..', '..', '..', 'examples');
const model = (() => {
  const outcome = computePreview({ spec: snapshotFromText(readFileSync(join(examples, 'exploding.rnn.json'), 'utf8'), { uri: 'u', baseDir: examples }) });
  return (outcome as { model: PreviewModel }).model;
})();

describe('export formats', () => {
  it('CSV: one row per step with the unrounded norm', () => {
    const lines = gradientsCsv(model).trim().split('\n');
    assert.equal(lines.length, model.steps + 1);
    for (let t = 0; t < model.steps; t++) assert.equal(Number(lines[t + 1].split(',')[1]), model.gradNorm[t]);
  });

  it('JSON: non-finite numbers spelled out, never null', () => {
    const broken = { ...model, gradNorm: model.gradNorm.map((g, t) => (t === 0 ? Infinity : g)) };
    const data = JSON.parse(gradientsJson(broken));
    assert.equal(data.steps[0].gradNorm, 'Infinity');
    assert.equal(data.steps[1].gradNorm, model.gradNorm[1]);
  });

  it('HTML: self-contained, no script, every step with its number', () => {
    const html = htmlReport(model, { diagram: '<svg class="d"></svg>', gradientChart: '<svg class="c"></svg>' });
    assert.doesNotMatch(html, /<script|src=|href=/);
    assert.equal((html.match(/data-step=/g) ?? []).length, model.steps);
  });

  it('HTML: the diagram, the gradient chart, a table per step and per weight, numbered from 1 as the preview is', () => {
    const html = htmlReport({ ...model, sequence: 1, sequenceCount: 4 }, { diagram: '<svg class="d"></svg>', gradientChart: '<svg class="c"></svg>' });
    assert.ok(html.indexOf('<svg class="d">') < html.indexOf('<svg class="c">'), 'the diagram, then the chart');
    assert.match(html, /sequence 2 of 4/);
    const steps = [...html.matchAll(/<tr data-step="(\d+)"[^>]*><th scope="row">(\d+)<\/th>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.deepEqual(steps, model.gradNorm.map((_, t) => [t + 1, t + 1]));
    for (const name of Object.keys(model.gradNorms)) assert.ok(html.includes(`<code>${name}</code>`), name);
  });

  it('HTML: the arrowheads and hatches defined once, for both pictures', () => {
    const defs = (id: string) => `<defs><marker id="unroll-arrow"/><pattern id="${id}"/></defs>`;
    const html = htmlReport(model, { diagram: `<svg class="d">${defs('unroll-nan')}</svg>`, gradientChart: `<svg class="c">${defs('unroll-nan')}<rect fill="url(#unroll-nan)"/></svg>` });
    assert.equal((html.match(/id="unroll-arrow"/g) ?? []).length, 1);
    assert.equal((html.match(/id="unroll-nan"/g) ?? []).length, 1);
    assert.match(html, /<svg class="c"><rect fill="url\(#unroll-nan\)"\/><\/svg>/, 'the chart itself is kept');
    const alone = htmlReport(model, { gradientChart: `<svg class="c">${defs('unroll-nan')}</svg>` });
    assert.match(alone, /id="unroll-nan"/, 'without a diagram the chart keeps its own');
  });

  it('HTML: numbers for people (the loss as 5e-5, not 0.00004999999999999898)', () => {
    const html = htmlReport({ ...model, loss: { ...model.loss, value: 0.00004999999999999898 } });
    assert.match(html, /\): 5e-5\./);
    assert.doesNotMatch(html, /0\.0000499/);
  });

  it('CSV and JSON number steps and sequences from 1', () => {
    assert.match(gradientsCsv(model).split('\n')[1], /^1,/);
    const data = JSON.parse(gradientsJson({ ...model, sequence: 0 }));
    assert.equal(data.sequence, 1);
    assert.deepEqual(data.steps.map((s: { step: number }) => s.step), model.gradNorm.map((_, t) => t + 1));
  });
});
