// Where the unrolled network puts its rows and edges when a stacked model shows another layer's cell (pure helpers,
// no browser).
import * as assert from 'node:assert/strict';
import { columnTemplate } from '../../webview/lib/columnTemplate';
import { networkLayout } from '../../webview/lib/networkLayout';
import { synthetic } from './syntheticModels';

describe('network layout of a stacked model', () => {
  const stacked = (cell: 'lstm' | 'gru', gatesLayer: number) => ({ ...synthetic({ cell, inputSize: 2, hiddenSize: 4, numLayers: 3, steps: 6 }), gatesLayer });

  it("puts the picked layer's c and gates between its h and the layer below, at the same height whichever it is", () => {
    const heights = new Set<number>();
    for (const layer of [0, 1, 2]) {
      const L = networkLayout(stacked('lstm', layer), 1);
      heights.add(L.height);
      const above = L.hRows[layer];
      const below = layer === 0 ? L.xRow : L.hRows[layer - 1];
      assert.ok(above < L.cRow! && L.cRow! < L.gatesRow! && L.gatesRow! < below, `layer ${layer}: h ${above}, c ${L.cRow}, gates ${L.gatesRow}, below ${below}`);
      for (let k = 1; k < L.hRows.length; k++) assert.ok(L.hRows[k] < L.hRows[k - 1], 'higher layers are drawn higher');
    }
    assert.equal(heights.size, 1, 'picking a layer never changes the height');
  });

  it("feeds the picked layer's gates through its own W_hh, and every other layer through a plain W_hh loop", () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const m = stacked(cell, 1);
      const template = columnTemplate(m, networkLayout(m, 1));
      const gateNodes = template.nodes.filter((n) => n.kind === 'gate' || n.kind === 'c');
      assert.ok(gateNodes.length > 0 && gateNodes.every((n) => n.layer === 1), `${cell}: gate and cell nodes read layer 1`);
      assert.equal(template.edges.find((e) => e.key === 'h-gates')?.weight, 'weight_hh_l1', cell);
      const loops = template.edges.filter((e) => e.key.startsWith('hh')).map((e) => e.weight);
      assert.deepEqual(loops, ['weight_hh_l0', 'weight_hh_l2'], cell);
    }
  });
});
