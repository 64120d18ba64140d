// Save Trained Weights, after the user may have edited the spec: the weights fit the model they were trained as,
// so they are written only while the spec's `model` section still describes that model. Pure (jsonc-parser only).
import { parse, type ParseError } from 'jsonc-parser';
import { modelSignature, type ModelSignature } from '../engine/modelSignature';
import type { ModelSpec, WeightValue } from '../engine/types';
import { weightsEdits } from './weightsEdit';
import type { Edit } from 'jsonc-parser';

export { modelSignature, type ModelSignature } from '../engine/modelSignature';

export type SaveWeights = { ok: true; edits: Edit[] } | { ok: false; message: string };

/**
 * The edits that write `weights` (trained as `trained`) into the spec `text`, or why they must not be written:
 * the JSON does not parse, there is no `model` object, or the model changed since training (what changed is said).
 */
export function saveTrainedWeights(text: string, trained: ModelSignature, weights: Record<string, WeightValue>): SaveWeights {
  const refusal = trainedWeightsRefusal(text, trained, weights);
  if (refusal) return { ok: false, message: refusal };
  const edits = weightsEdits(text, weights);
  return edits.length > 0 ? { ok: true, edits } : { ok: false, message: 'The trained weights could not be placed in this spec: it has no "model" object to put them in.' };
}

/** Why trained weights must not be written into `text`, or undefined when they fit its model. Never throws. */
export function trainedWeightsRefusal(text: string, trained: ModelSignature, weights: Record<string, WeightValue>): string | undefined {
  const errors: ParseError[] = [];
  const root: unknown = typeof text === 'string' ? parse(text, errors, { allowTrailingComma: true }) : undefined;
  if (errors.length > 0 || !isObject(root)) return 'The spec is not valid JSON right now; fix it, then save the trained weights.';
  const model = own(root, 'model');
  if (!isObject(model)) return 'The spec has no "model" object any more, so the trained weights have nowhere to go.';
  const current = currentSignature(model);
  if (typeof current === 'string') return `The spec's model section has a problem (${current}); fix it, then save the trained weights.`;
  const changes = differences(trained, current);
  if (changes.length > 0) {
    return `The model changed since these weights were trained (${changes.join('; ')}), so they no longer fit it. Train again to save weights for this model.`;
  }
  const odd = trained.shapes.find(([name, shape]) => !Object.hasOwn(weights, name) || !sameShape(shapeOf(weights[name]), shape));
  return odd ? `The trained weights do not match the model they were trained as (${odd[0]}). Train again.` : undefined;
}

/** The current model section's signature, or what is wrong with it (in a few words). */
function currentSignature(model: Record<string, unknown>): ModelSignature | string {
  const cell = own(model, 'cell');
  if (cell !== 'rnn' && cell !== 'lstm' && cell !== 'gru') return 'cell is not "rnn", "lstm" or "gru"';
  const sizes = new Map<string, number>();
  for (const size of ['inputSize', 'hiddenSize', 'outputSize', 'numLayers']) {
    const value = own(model, size) ?? (size === 'numLayers' ? 1 : undefined);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return `${size} is not a whole number from 1`;
    sizes.set(size, value);
  }
  const text = (key: string) => {
    const value = own(model, key);
    return typeof value === 'string' ? value : undefined;
  };
  return modelSignature({
    cell,
    inputSize: sizes.get('inputSize')!,
    hiddenSize: sizes.get('hiddenSize')!,
    outputSize: sizes.get('outputSize')!,
    numLayers: sizes.get('numLayers')!,
    nonlinearity: text('nonlinearity') as ModelSpec['nonlinearity'],
    outputActivation: text('outputActivation') as ModelSpec['outputActivation'],
  });
}

/** An own property: jsonc-parser builds plain objects, where "__proto__" or "constructor" would find built-ins. */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** "hiddenSize 4 → 8", "cell "rnn" → "lstm"", in the order a reader thinks of them. */
function differences(trained: ModelSignature, current: ModelSignature): string[] {
  const keys = ['cell', 'inputSize', 'hiddenSize', 'outputSize', 'numLayers', 'nonlinearity', 'outputActivation'] as const;
  const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'none' : String(value));
  const changes = keys.filter((key) => trained[key] !== current[key]).map((key) => `${key} ${show(trained[key])} → ${show(current[key])}`);
  if (changes.length === 0) {
    const now = new Map(current.shapes);
    const reshaped = trained.shapes.filter(([name, shape]) => !now.has(name) || !sameShape(now.get(name)!, shape));
    if (reshaped.length > 0) changes.push(`weights ${reshaped.map(([name]) => name).join(', ')}`);
  }
  return changes;
}

function shapeOf(value: WeightValue | undefined): number[] {
  if (!Array.isArray(value)) return [];
  return Array.isArray(value[0]) ? [value.length, (value[0] as number[]).length] : [value.length];
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
