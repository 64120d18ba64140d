// The script's data: one emitter per data source (data/inline.ts, generate.ts, csv.ts, text.ts), each giving the
// script a torch Dataset whose item k is sequence k as tensors; then the batches every pass steps through.
// A new source is one more file returning a DataCode and one more case below: the switch has no default, so a
// source without an emitter does not compile.
import type { LossSpec } from '../../engine/types';
import type { ParsedSpec } from '../../spec/types';
import { csvData } from './data/csv';
import { generatedData } from './data/generate';
import { inlineData } from './data/inline';
import { textData } from './data/text';
import { pySection } from './python';

/** What a data source adds to the script. */
export interface DataCode {
  /** definitions: constants, functions and the Dataset class (ends with a newline) */
  section: string;
  /** a Python expression, evaluated in main() where `args` holds the options, giving the Dataset */
  load: string;
  /** a Python expression of `data`: how many of its first sequences the --json pass runs on, as `unroll grad` */
  gradSequences: string;
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
      return textData(spec, source, options.dataDir);
  }
}

/** Batch, collate and batches_of: the same for every source. */
export function batchesSection(loss: LossSpec): string {
  const ce = loss.type === 'cross-entropy';
  return `${pySection('Batches')}
# An item of the data is one sequence: (k, x (steps, INPUT_SIZE), scored (steps,), targets). collate() steps
# the sequences of the same length together as one (steps, sequences, features) tensor, so nothing is padded;
# sequences of different lengths go in different batches. It is the DataLoader's collate_fn in training.


@dataclass
class Batch:
    indices: list  # where its sequences are in the data
    x: torch.Tensor  # (steps, sequences, INPUT_SIZE)
    scored: torch.Tensor  # (steps, sequences): True where the step has a loss term
    targets: torch.Tensor  # ${ce ? '(steps, sequences): class indices' : '(steps, sequences, OUTPUT_SIZE)'}, zero where not scored

    def to(self, device, dtype):
        """The batch on the device, its ${ce ? 'inputs in dtype (class indices stay integers)' : 'inputs and targets in dtype'}."""
        targets = self.targets.to(device${ce ? '' : ', dtype'})
        return Batch(self.indices, self.x.to(device, dtype), self.scored.to(device), targets)


def collate(items):
    """Items of the data → Batches, one per sequence length, in the order the lengths first appear."""
    by_length = {}
    for item in items:
        by_length.setdefault(len(item[1]), []).append(item)
    batches = []
    for group in by_length.values():
        indices, x, scored, targets = zip(*group)
        stacked = [torch.stack(column, dim=1) for column in (x, scored, targets)]
        batches.append(Batch(list(indices), *stacked))
    return batches


def batches_of(data, indices, device, dtype):
    """The sequences \`indices\` of the data as Batches on the device."""
    return [batch.to(device, dtype) for batch in collate([data[k] for k in indices])]
`;
}
