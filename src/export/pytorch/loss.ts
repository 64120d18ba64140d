// The script's loss, as the engine takes it (src/engine/losses.ts, data.ts): one mean over every scored number of
// every sequence, whatever their lengths — so each batch's terms are summed and the total divided once.
import type { LossSpec } from '../../engine/types';
import { pyComment, pySection } from './python';

export function lossSection(loss: LossSpec, outputActivation: string): string {
  const on = loss.on === 'last' ? 'on the last step of each sequence' : 'on every step that has a target';
  if (loss.type === 'cross-entropy') {
    const sigmoid = outputActivation === 'sigmoid' ? ' The softmax runs over the head\'s outputs after its sigmoid, as the spec\'s head computes them.' : '';
    return `${pySection('Loss')}
${pyComment(`cross-entropy ${on}: the mean of −log softmax(y)[class] over every scored step of every sequence, what torch.nn.CrossEntropyLoss takes over one tensor of them.${sigmoid}`)}


def loss_sum(y, classes):
    """Σ −log softmax(y)[class] over the rows: y (rows, OUTPUT_SIZE), classes (rows,)."""
    return torch.nn.functional.cross_entropy(y, classes, reduction="sum")


def loss_count(batches):
    """How many terms the mean runs over (at least 1, so that no terms give a loss of 0)."""
    return max(1, sum(int(batch.scored.sum()) for batch in batches))
`;
  }
  return `${pySection('Loss')}
${pyComment(`mse ${on}: the mean of (y − target)² over every output number of every scored step of every sequence, what torch.nn.MSELoss takes over one tensor of them.`)}


def loss_sum(y, targets):
    """Σ (y − target)² over the rows: y and targets (rows, OUTPUT_SIZE)."""
    return ((y - targets) ** 2).sum()


def loss_count(batches):
    """How many numbers the mean runs over (at least 1, so that no terms give a loss of 0)."""
    return max(1, sum(int(batch.scored.sum()) for batch in batches) * OUTPUT_SIZE)
`;
}
