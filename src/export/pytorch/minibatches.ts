// The --train pass's data: the validation split (data.validation), and the minibatches of an epoch as a torch
// DataLoader over the training sequences (training.batchSize, shuffle, seed), as the engine's train.ts forms them.
// A shuffled order is Unroll's own (its seeded generator and Fisher–Yates, ported below), so a shuffled run is the
// same run in both.
import type { ParsedSpec } from '../../spec/types';
import { pyComment, pyNumber, pySection } from './python';

export function minibatchesSection(spec: ParsedSpec): string {
  const training = spec.training ?? {};
  const validation = spec.validationFraction ?? spec.data.validation ?? 0;
  const shuffles = shufflesMinibatches(spec);
  const how = shuffles
    ? 'in a new order every epoch, drawn as Unroll draws it (SeededShuffle below), so that the runs are the same'
    : "in the data's order: a DataLoader(shuffle=False)";
  return `${pySection('Minibatches (--train)')}
${pyComment(
  `The last VALIDATION sequences of the data (a fraction below 1: that share of them, rounded) are held out: never trained on, their mean loss is taken after every epoch. ` +
    `An epoch goes through the others in consecutive minibatches of BATCH_SIZE (None: all of them, one update per epoch), the last possibly smaller, ${how}.`,
)}

VALIDATION = ${pyNumber(validation)}
BATCH_SIZE = ${training.batchSize ?? 'None'}
${shuffles ? `SEED = ${training.seed ?? 0}  # the spec's training.seed\n` : ''}

def validation_count(total):
    """How many of the \`total\` sequences are held out, as Unroll counts them (a fraction rounds half up, as
    JavaScript's Math.round) and with the same two refusals."""
    if VALIDATION == 0:
        return 0
    count = VALIDATION
    if VALIDATION < 1:
        share = VALIDATION * total
        count = math.floor(share) + (1 if share - math.floor(share) >= 0.5 else 0)
    if count == 0:
        sys.exit(f"validation {VALIDATION} of {total} sequences rounds to none held out")
    if count >= total:
        sys.exit(f"validation holds out {count} of the {total} sequences, which leaves none to train on")
    return count


def training_loader(data, count):
    """The minibatches of an epoch over the data's first \`count\` sequences, each a list of Batches."""
    batch_size = min(BATCH_SIZE or count, count)
${
  shuffles
    ? `    # With a single minibatch an order changes nothing but the rounding of the sums: Unroll draws none.
    sampler = SeededShuffle(count, SEED) if batch_size < count else None
    return DataLoader(Subset(data, range(count)), batch_size=batch_size, sampler=sampler, collate_fn=collate)
${shuffleCode()}`
    : `    return DataLoader(Subset(data, range(count)), batch_size=batch_size, shuffle=False, collate_fn=collate)
`
}`;
}

/** Whether the script needs Unroll's shuffle: without a batchSize every epoch is one minibatch, and the engine
 *  never shuffles a single one. */
export function shufflesMinibatches(spec: ParsedSpec): boolean {
  return spec.training?.batchSize !== undefined && spec.training.shuffle !== false;
}

function shuffleCode(): string {
  return `

class SeededShuffle(Sampler):
    """Unroll's shuffle (src/engine/train.ts): at the start of every epoch, one Fisher–Yates pass over the order
    the epoch before used (the first starts from 0, 1, 2, …), drawing from Unroll's seeded generator.
    torch.randperm would be as random, but another order, and so another run."""

    def __init__(self, count, seed):
        self.order = list(range(count))
        self.random = Mulberry32(named_seed(seed, "shuffle"))

    def __len__(self):
        return len(self.order)

    def __iter__(self):
        for i in range(len(self.order) - 1, 0, -1):
            j = math.floor(self.random.next() * (i + 1))
            self.order[i], self.order[j] = self.order[j], self.order[i]
        return iter(list(self.order))


# Unroll's seeded generator (src/engine/random.ts), bit for bit: mulberry32, in 32-bit unsigned integers, so
# JavaScript's Math.imul is a product masked to 32 bits and its >>> is Python's >>.
MASK = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & MASK


class Mulberry32:
    def __init__(self, state):
        self.state = state & MASK

    def next(self):
        """Uniform in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = imul(self.state ^ (self.state >> 15), 1 | self.state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & MASK) ^ t
        return (t ^ (t >> 14)) / 4294967296


def named_seed(seed, name):
    """The state of Unroll's stream \`name\` for a seed (createNamedRandom): one stream per use, so that
    shuffling draws other numbers than the initialiser with the same seed."""
    return imul((int(seed) & MASK) ^ 0x9E3779B9, 0x85EBCA6B) ^ fnv1a(name)


def fnv1a(name):
    """FNV-1a, 32-bit, over the name's characters (ASCII: one UTF-16 unit each, as charCodeAt reads them)."""
    h = 0x811C9DC5
    for character in name:
        h = imul(h ^ ord(character), 0x01000193)
    return h
`;
}
