// The --train pass: the spec's training section with torch.optim, step for step as the engine's train.ts — per
// minibatch (minibatches.ts) zero_grad, the loss and its gradient, clipping by value then by norm, and a step; an
// epoch's loss and gradient norm are the means of its minibatches', each taken before its update; a minibatch
// whose loss or gradient is not finite stops training without an update. Each setting has its own emitter
// (optimizer, clipping, full or truncated BPTT).
import { TRAINING_DEFAULTS } from '../../engine/train';
import type { Dims } from '../../engine/params';
import type { TrainingSpec } from '../../engine/types';
import { pyNumber, pySection } from './python';

export function trainingSection(training: TrainingSpec | undefined, dims: Dims): string {
  const t = { ...TRAINING_DEFAULTS, ...definedOnly(training ?? {}) };
  const clipping = [
    t.clipValue === undefined ? '' : `            torch.nn.utils.clip_grad_value_(model.parameters(), ${pyNumber(t.clipValue)})  # the spec's clipValue\n`,
    t.clipNorm === undefined ? '' : `            torch.nn.utils.clip_grad_norm_(model.parameters(), ${pyNumber(t.clipNorm)})  # the spec's clipNorm\n`,
  ].join('');
  return `${pySection('Training (--train)')}
# The spec's "training" section, with Unroll's defaults for what it leaves out.

EPOCHS = ${t.epochs}


def make_optimizer(model):
    return ${optimizer(t)}


${t.truncation === undefined ? fullLoss() : truncatedLoss(dims)}


def gradient_norm(model):
    """‖g‖ of every parameter's gradient as one vector, before clipping (scaled by its largest element, so that
    squaring cannot overflow)."""
    g = torch.cat([parameter.grad.flatten() for parameter in model.parameters()])
    largest = g.abs().max()
    if largest == 0 or not torch.isfinite(largest):
        return largest.item()
    return (largest * torch.linalg.vector_norm(g / largest)).item()


def train(model, data, epochs, device, dtype, report):
    """\`unroll train\`: per epoch the mean loss and gradient norm of its minibatches, and the loss of the
    held-out sequences after it (when there are any); the number of updates; the weights (in the model)."""
    held_out = validation_count(len(data))
    count = len(data) - held_out
    loader = training_loader(data, count)
    validation = batches_of(data, range(count, len(data)), device, dtype)
    optimizer = make_optimizer(model)
    history = {"epochs": 0, "loss": [], "gradNorm": [], "validationLoss": [], "updates": 0}
    for epoch in range(epochs):
        total_loss, total_norm, minibatches, finite = 0.0, 0.0, 0, True
        for minibatch in loader:
            batches = [batch.to(device, dtype) for batch in minibatch]
            zero_gradients(model)  # optimizer.zero_grad(), with zeros rather than None (see above)
            loss = loss_and_gradients(model, batches, loss_count(batches))
            norm = gradient_norm(model)
            total_loss, total_norm, minibatches = total_loss + loss, total_norm + norm, minibatches + 1
            finite = math.isfinite(loss) and math.isfinite(norm)
            if not finite:
                break  # as Unroll: stop, keeping the last finite weights
${clipping}            optimizer.step()
            history["updates"] += 1
        history["loss"].append(total_loss / minibatches)
        history["gradNorm"].append(total_norm / minibatches)
        history["epochs"] = epoch + 1
        if not finite:
            history["diverged"] = True
            break
        if held_out:
            history["validationLoss"].append(mean_loss(model, validation))
        report(epoch + 1, history)
    if not history["validationLoss"]:
        del history["validationLoss"]  # as \`unroll train --json\`: only when there is one
    return history


def mean_loss(model, batches):
    """The mean loss over every target of the batches, forward only."""
    total = 0.0
    with torch.no_grad():
        for batch in batches:
            y, _ = model(batch.x)
            total += loss_sum(y[batch.scored], batch.targets[batch.scored]).item()
    return total / loss_count(batches)
`;
}

function optimizer(t: typeof TRAINING_DEFAULTS & TrainingSpec): string {
  if (t.optimizer === 'adam') {
    return `torch.optim.Adam(model.parameters(), lr=${pyNumber(t.learningRate)}, betas=(${pyNumber(t.beta1)}, ${pyNumber(t.beta2)}), eps=${pyNumber(t.epsilon)})`;
  }
  return `torch.optim.SGD(model.parameters(), lr=${pyNumber(t.learningRate)}, momentum=${pyNumber(t.momentum)})`;
}

function fullLoss(): string {
  return `def loss_and_gradients(model, batches, count):
    """The loss, with its gradient (backpropagated through every step) in every parameter's .grad."""
    total = 0.0
    for batch in batches:
        y, _ = model(batch.x)
        loss = loss_sum(y[batch.scored], batch.targets[batch.scored]) / count
        loss.backward()
        total += loss.item()
    return total`;
}

function truncatedLoss(dims: Dims): string {
  const lstm = dims.cell === 'lstm';
  return `def loss_and_gradients(model, batches, count):
    """The loss, and in .grad its gradient by truncated BPTT(TRUNCATION) as gradients() defines it: for each loss
    term, the module runs over the term's window from the state that entered it, held constant."""
    total = 0.0
    for batch in batches:
        with torch.no_grad():
            y, _ = model(batch.x)
            total += (loss_sum(y[batch.scored], batch.targets[batch.scored]) / count).item()
            states, state = [], None  # the module's state after every step
            for t in range(len(batch.x)):
                _, state = model.rnn(batch.x[t:t + 1], state)
                states.append(state)
        for tau in range(len(batch.x)):
            rows = batch.scored[tau].nonzero().flatten()  # the sequences with a loss term at step τ
            if len(rows) == 0:
                continue
            start = max(0, tau - TRUNCATION + 1)
            state = None if start == 0 else ${lstm ? '(states[start - 1][0][:, rows], states[start - 1][1][:, rows])' : 'states[start - 1][:, rows]'}
            y, _ = model(batch.x[start:tau + 1, rows], state)
            (loss_sum(y[-1], batch.targets[tau, rows]) / count).backward()
    return total`;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
