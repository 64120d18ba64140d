// The script's data: one emitter per data source (data/inline.ts, generate.ts, csv.ts), each giving the script the
// same Python list of sequences ({"inputs", "target" | "targets"}); then the batches every pass steps through.
// A new source (data.text, say) is one more file returning a DataCode and one more case below: the switch has no
// default, so a source without an emitter does not compile.
import type { LossSpec } from '../../engine/types';
import type { ParsedSpec } from '../../spec/types';
import { csvData } from './data/csv';
import { generatedData } from './data/generate';
import { inlineData } from './data/inline';
import { pySection } from './python';

/** What a data source adds to the script. */
export interface DataCode {
  /** definitions: constants and functions (ends with a newline) */
  section: string;
  /** a Python expression, evaluated in main() where `args` holds the options, giving the list of sequences */
  load: string;
  /** extra modules the section imports */
  imports: string[];
  /** extra argparse lines for main() */
  options: string[];
  /** a sentence for the script's header: where the data comes from */
  summary: string;
}

export interface DataOptions {
  /** the folder the spec's data files are in, relative to the script's folder (POSIX) or absolute */
  dataDir: string;
}

export function dataCode(spec: ParsedSpec, options: DataOptions): DataCode {
  const source = spec.source ?? { kind: 'sequences' as const };
  switch (source.kind) {
    case 'csv':
      return csvData(source, spec.loss, options.dataDir);
    case 'generate':
      return generatedData(spec, source);
    case 'sequences':
      return inlineData(spec);
    case 'text':
      throw new Error('a spec with data.text cannot be exported as a PyTorch script yet');
  }
}

/** step_targets and make_batches: the same for every source. */
export function batchesSection(loss: LossSpec): string {
  const ce = loss.type === 'cross-entropy';
  const stepTargets =
    loss.on === 'last'
      ? `    return [None] * (len(sequence["inputs"]) - 1) + [sequence["target"]]`
      : `    return sequence["targets"]`;
  return `${pySection('Batches')}
# Sequences of the same length are stepped together as one (steps, sequences, features) tensor, so nothing is
# padded; sequences of different lengths go in different batches.


@dataclass
class Batch:
    indices: list  # where its sequences are in the data
    x: torch.Tensor  # (steps, sequences, INPUT_SIZE)
    scored: torch.Tensor  # (steps, sequences): True where the step has a loss term
    targets: torch.Tensor  # ${ce ? '(steps, sequences): class indices' : '(steps, sequences, OUTPUT_SIZE)'}, zero where not scored


def step_targets(sequence):
    """The target of every step: None where the step has no loss term."""
${stepTargets}


def make_batches(sequences, device, dtype):
    lengths = {}
    for index, sequence in enumerate(sequences):
        lengths.setdefault(len(sequence["inputs"]), []).append(index)
    batches = []
    for indices in lengths.values():
        targets = [step_targets(sequences[i]) for i in indices]
        x = torch.tensor([sequences[i]["inputs"] for i in indices], dtype=dtype, device=device)
        scored = torch.tensor([[target is not None for target in steps] for steps in targets], device=device)
        no_target = ${ce ? '0' : '[0.0] * OUTPUT_SIZE'}
        targets = [[no_target if target is None else target for target in steps] for steps in targets]
        targets = torch.tensor(targets, dtype=${ce ? 'torch.long' : 'dtype'}, device=device)
        batches.append(Batch(indices, x.transpose(0, 1), scored.transpose(0, 1), targets.transpose(0, 1)))
    return batches
`;
}
