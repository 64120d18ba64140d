// The webview's pure helpers: legible ink on every data colour, round axis ticks.
import * as assert from 'node:assert/strict';
import { contrast, inkOn, parseColor, ramp, type Rgb } from '../../webview/lib/colors';
import { indexTicks, roundTicks, stepTicks } from '../../webview/lib/logScale';

const KINDS = ['light', 'dark', 'hc-dark', 'hc-light'] as const;
/** Editor backgrounds of VS Code's default themes and the gallery's. */
const BACKGROUNDS: Rgb[] = [[255, 255, 255], [31, 31, 31], [30, 30, 30], [0, 0, 0], [37, 37, 38]];

describe('webview colours', () => {
  it('reads a CSS colour as VS Code writes it', () => {
    assert.deepEqual(parseColor('#1f1f1f'), [31, 31, 31]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColor('#00000000'), [0, 0, 0]);
    assert.deepEqual(parseColor(' rgba(30, 30, 30, 0.5) '), [30, 30, 30]);
    assert.equal(parseColor('var(--x)'), undefined);
  });

  it('inks every colour of every ramp at 4.5:1 or more (WCAG AA), faded ones too', () => {
    for (const kind of KINDS) {
      for (const scale of ['diverging', 'viridis'] as const) {
        const base = ramp(kind, scale);
        for (const r of [base, ...BACKGROUNDS.map((bg) => base.faded(bg, 0.4))]) {
          for (let i = 0; i < r.css.length; i++) {
            const s = -1 + (2 * i) / (r.css.length - 1);
            const fill = parseColor(r.color(s))!;
            const ratio = contrast(fill, parseColor(r.ink(s))!);
            assert.ok(ratio >= 4.5, `${kind} ${scale} at ${s.toFixed(3)}: ${r.color(s)} with ${r.ink(s)} is ${ratio.toFixed(2)}:1`);
          }
        }
      }
    }
  });

  it('picks pure black or white where the soft inks fall short (mid-luminance fills)', () => {
    for (let g = 0; g <= 255; g += 5) assert.ok(contrast([g, g, g], parseColor(inkOn([g, g, g]))!) >= 4.5, `grey ${g}`);
  });
});

describe('webview axis ticks', () => {
  it('labels epochs counted from 1 with round numbers: 1, 20, 40 … 120', () => {
    assert.deepEqual(roundTicks(1, 120, 8), [1, 20, 40, 60, 80, 100, 120]);
    assert.deepEqual(roundTicks(1, 300, 4), [1, 100, 200, 300]);
    assert.deepEqual(roundTicks(1, 7, 8), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(roundTicks(1, 1, 8), [1]);
  });

  it('never puts a round tick on top of the first one', () => {
    for (let count = 1; count <= 400; count++) {
      const ticks = roundTicks(1, count, 6);
      assert.equal(ticks[0], 1);
      assert.ok(ticks.length <= 7, `${count} epochs: ${ticks.length} ticks`);
      if (ticks.length > 2) assert.ok(ticks[1] - ticks[0] >= (ticks[2] - ticks[1]) / 2, `${count} epochs: ${ticks}`);
    }
  });

  it('labels steps counted from 1 with round numbers, always with the last step (indices 0, 4, 9 … read 1, 5, 10 …)', () => {
    const labels = (steps: number, max: number) => stepTicks(steps, max).map((t) => t + 1);
    assert.deepEqual(labels(50, 10), [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    assert.deepEqual(labels(40, 8), [1, 5, 10, 15, 20, 25, 30, 35, 40]);
    assert.deepEqual(labels(47, 5), [1, 10, 20, 30, 40, 47]);
    assert.deepEqual(labels(44, 5), [1, 10, 20, 30, 44]);
    assert.deepEqual(labels(2, 5), [1, 2]);
    assert.deepEqual(labels(1, 5), [1]);
  });

  it('keeps distances counted from 0 and always shows the last one', () => {
    assert.deepEqual(indexTicks(50, 10), [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 49]);
    assert.deepEqual(indexTicks(40, 8), [0, 5, 10, 15, 20, 25, 30, 35, 39]);
  });
});
