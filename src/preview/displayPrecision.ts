// What crosses to the webview: the per-unit arrays (hidden states, gates, dL/dh) are drawn as colours and read
// in tooltips to four digits, yet at full float64 precision they made an (8, 32, 100) lstm's message 777 KB of
// JSON, most of the edit-to-render time. They go at 6 significant digits, and the weight and gradient matrices
// stay home (the views show their shapes and norms); the numbers the views print exactly (‖dL/dh_t‖ per step,
// Jacobian norms, contributions, loss, the closed form) are left alone. A node draws the first DRAWN_UNITS units
// of h and c and the tooltip lists four, so only those go, with the reach of every unit for the colour scale: the
// message of an lstm 1→64 over 200 steps was 507 KB, and every 100 KB of it cost the keystroke about 25 ms.
import { DRAWN_UNITS, type PreviewModel } from '../protocol';
import { isScalarRnn } from '../analysis/scalarRnn';
import { stateMax } from '../analysis/maxAbs';

const DIGITS = 6;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact doubles up to 1e22

// `value` to DIGITS significant digits. Number(value.toPrecision(DIGITS)) says the same, but its trip through a
// string was a tenth of an lstm preview's time in the worker; an integer over an exact power of ten is one
// correctly rounded division, so it prints with at most DIGITS digits as well. A tie may round the other way.
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const shift = DIGITS - 1 - Math.floor(Math.log10(Math.abs(value)));
  if (shift >= 0 && shift <= 22) return Math.round(value * POWERS_OF_TEN[shift]) / POWERS_OF_TEN[shift];
  if (shift < 0 && shift >= -22) return Math.round(value / POWERS_OF_TEN[-shift]) * POWERS_OF_TEN[-shift];
  return Number(value.toPrecision(DIGITS));
}

type Nested = number | Nested[];

function roundDeep<T extends Nested>(values: T): T {
  return (Array.isArray(values) ? values.map((v) => roundDeep(v)) : round(values)) as T;
}

function roundRecord<T extends Nested>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([name, values]) => [name, roundDeep(values)]));
}

/** [t][unit] → the first DRAWN_UNITS units of each step */
function drawnUnits(perStep: number[][]): number[][] {
  return perStep.map((units) => units.slice(0, DRAWN_UNITS));
}

function mapRecord<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, f(value)]));
}

export function forDisplay(model: PreviewModel): PreviewModel {
  // A scalar model's weights are its edge labels (w1, w2 …), written as the user typed them: kept exact.
  if (isScalarRnn(model)) return model;
  return {
    ...model,
    inputs: roundDeep(model.inputs),
    hidden: roundDeep(model.hidden.map(drawnUnits)),
    cellState: model.cellState && roundDeep(model.cellState.map(drawnUnits)),
    // rounding is monotonic: the rounded maximum is the maximum of the rounded values the webview used to measure
    stateMax: round(stateMax(model.hidden, model.cellState)),
    // Gates are drawn as stripes only (no tooltip or table reads them): the units a node draws are enough.
    gates: model.gates && roundRecord(mapRecord(model.gates, drawnUnits)),
    outputs: roundDeep(model.outputs),
    dLdh: roundDeep(model.dLdh),
    // Read as percentages (to a tenth at most): six digits are plenty.
    classes: model.classes && { ...model.classes, probabilities: roundDeep(model.classes.probabilities) },
    // No view draws dL/dc (the exports, which list it, read the host's copy).
    dLdc: undefined,
    // Only a scalar model's weights are drawn as numbers; the rest is told by weightShapes and gradNorms.
    weights: {},
    grads: {},
  };
}
