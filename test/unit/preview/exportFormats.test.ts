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
    const html = htmlReport(model, '<svg></svg>');
    assert.doesNotMatch(html, /<script|src=|href=/);
    assert.equal((html.match(/data-step=/g) ?? []).length, model.steps);
  });
});
