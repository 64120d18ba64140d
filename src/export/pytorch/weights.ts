// The script's weights: every parameter's numbers as the engine starts from them (the spec's own, or the ones its
// seeded initialiser draws: torch's initialisation would draw different ones), under PyTorch's names.
import { initialParameters } from '../../engine/init';
import { paramLayout, toWeightValues, type Dims } from '../../engine/params';
import type { ModelSpec } from '../../engine/types';
import { pyAssign, pyComment, pySection } from './python';

export function weightsSection(model: ModelSpec, dims: Dims): string {
  const layout = paramLayout(dims);
  const weights = toWeightValues(layout, initialParameters(model, dims, layout));
  return `${pySection('Weights')}
${pyComment(provenance(model, layout.entries.map((e) => e.name)))}

${pyAssign('WEIGHTS', weights)}


def load_weights(model):
    with torch.no_grad():
        for name, parameter in spec_parameters(model).items():
            parameter.copy_(torch.tensor(WEIGHTS[name], dtype=torch.float64))
`;
}

function provenance(model: ModelSpec, names: string[]): string {
  const given = names.filter((name) => model.weights?.[name] !== undefined);
  const drawn = names.filter((name) => model.weights?.[name] === undefined);
  const layouts = "PyTorch's names and layouts (a matrix is rows × columns = out × in, gates stacked in rows).";
  if (drawn.length === 0) return `The spec's model.weights, under ${layouts}`;
  const init = model.init ?? {};
  const settings = [`scheme ${init.scheme ?? 'pytorch'}`, `seed ${init.seed ?? 0}`, ...(init.forgetBias !== undefined ? [`forgetBias ${init.forgetBias}`] : [])];
  const which = given.length === 0 ? 'Every parameter' : `${drawn.join(', ')} (the rest are the spec's model.weights)`;
  return (
    `${which} as Unroll's initialiser drew ${drawn.length === 1 ? 'it' : 'them'} for the spec's model.init (${settings.join(', ')}). ` +
    `They are written out because torch's own initialisation would draw other numbers; ${layouts}`
  );
}
