// All of a spec's problems in one pass, where the schema's complaints allow it. The data, the loss and the sizes
// checks need only the model's sizes; a weight, the init or a nonlinearity the schema refused would only repeat
// its complaint. So a model whose sizes are sound goes on, with the refused parts set aside, and the person
// sees the data's problems beside the model's instead of after fixing them.
import type { Problem } from '../types';
import type { RawModel } from './checkpointWeights';

/** Without these the model has no shape to check anything against. */
const SIZES = new Set(['cell', 'inputSize', 'hiddenSize', 'outputSize', 'numLayers']);

export interface UsableModel {
  model: RawModel;
  /** weights the schema refused: they exist in the spec, so they are not "missing"; 'all' = the whole weights */
  refusedWeights: ReadonlySet<string> | 'all';
}

/** The model without the parts the schema refused, or undefined when its sizes themselves are wrong. */
export function usableModel(raw: RawModel, schemaErrors: readonly Problem[]): UsableModel | undefined {
  const paths = schemaErrors.filter((p) => p.path[0] === 'model').map((p) => p.path.slice(1));
  if (paths.some((path) => path.length === 0 || SIZES.has(String(path[0])))) return undefined;
  const model: Record<string, unknown> = { ...raw };
  let refused: Set<string> | 'all' = new Set();
  for (const [field, name] of paths) {
    if (field === 'weights') {
      const whole = name === undefined || ['file', 'prefix', 'head'].includes(String(name)) || typeof model.weights !== 'object';
      if (whole || refused === 'all') {
        refused = 'all';
        delete model.weights;
      } else {
        const weights = { ...(model.weights as Record<string, unknown>) };
        delete weights[String(name)];
        model.weights = weights;
        refused.add(String(name));
      }
    } else if (field === 'init') {
      // Still an init (the missing weights come from one), with its defaults.
      model.init = {};
    } else {
      delete model[String(field)];
    }
  }
  return { model: model as RawModel, refusedWeights: refused };
}
