// SequenceData: the Dataset of the sources whose sequences the script holds as Python lists (inline, generated,
// a CSV's windows). A text has its own (data/text.ts), which cuts its windows as they are asked for.
import type { LossSpec } from '../../../engine/types';

export function sequenceDataClass(loss: LossSpec): string {
  const ce = loss.type === 'cross-entropy';
  const stepTargets =
    loss.on === 'last'
      ? `    return [None] * (len(sequence["inputs"]) - 1) + [sequence["target"]]`
      : `    return sequence["targets"]`;
  return `

def step_targets(sequence):
    """The target of every step: None where the step has no loss term."""
${stepTargets}


class SequenceData(Dataset):
    """The sequences as a torch Dataset: item k is sequence k as tensors, (k, x, scored, targets): see Batch."""

    def __init__(self, sequences):
        self.items = [self.tensors(k, sequence) for k, sequence in enumerate(sequences)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, k):
        return self.items[k]

    @staticmethod
    def tensors(k, sequence):
        targets = step_targets(sequence)
        no_target = ${ce ? '0' : '[0.0] * OUTPUT_SIZE'}
        x = torch.tensor(sequence["inputs"], dtype=torch.float64)
        scored = torch.tensor([target is not None for target in targets])
        targets = [no_target if target is None else target for target in targets]
        return k, x, scored, torch.tensor(targets, dtype=${ce ? 'torch.long' : 'torch.float64'})
`;
}
