// The gallery's hand-computed scalar RNN must be the real thing: it agrees with the engine (through the host's
// own buildPreviewModel) on examples/exploding.rnn.json, number for number.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PreviewModel } from '../../src/protocol';
import { engineMessage } from './engineModels';
import { scalarRnn } from './sampleModels';

const ROOT = resolve(__dirname, '../..');

function closeTo(actual: readonly number[], expected: readonly number[], what: string, tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i];
    const scale = Math.max(1, Math.abs(e));
    assert.ok(Math.abs(a - e) <= tolerance * scale, `${what}[${i}]: ${a} vs ${e}`);
  });
}

describe('webview sample models', () => {
  it('compute the scalar ReLU RNN as the engine does (examples/exploding.rnn.json, w2 = 2 and 0.5)', () => {
    const text = readFileSync(join(ROOT, 'examples/exploding.rnn.json'), 'utf8');
    for (const w2 of [2, 0.5]) {
      const message = engineMessage(text.replace('"weight_hh_l0": [[2]]', `"weight_hh_l0": [[${w2}]]`), 'file:///x', 1);
      assert.equal(message.type, 'model');
      const engine = (message as { model: PreviewModel }).model;
      const inputs = engine.inputs.map((x) => x[0]);
      const mine = scalarRnn({ name: 'x', w1: 1, w2, w3: 1, b1: 0, b2: 0, nonlinearity: 'relu', sequences: [inputs], targets: [1] });
      assert.equal(engine.scalar?.w2, w2);
      closeTo([mine.loss.value], [engine.loss.value], 'loss');
      closeTo(mine.hidden[0].flat(), engine.hidden[0].flat(), 'h');
      closeTo(mine.outputs.flat(), engine.outputs.flat(), 'y');
      closeTo(mine.gradNorm, engine.gradNorm, '‖dL/dh‖');
      closeTo(mine.jacobianNorm, engine.jacobianNorm, 'Jacobian norm');
      closeTo(mine.scalar!.predicted, engine.scalar!.predicted, 'closed form');
      for (const name of Object.keys(engine.contributions)) closeTo(mine.contributions[name], engine.contributions[name], `contributions ${name}`);
      assert.deepEqual(mine.stepHealth, engine.stepHealth);
      assert.deepEqual(mine.targets, engine.targets);
    }
  });
});
