// The --json pass: what `unroll grad --json` prints, computed one step at a time so that every top-layer h_t (and
// c_t) keeps its gradient — the total dL/dh_t through every path, as the engine's backward.ts sums it. With the
// spec's training.truncation it is the engine's truncated BPTT: one window per loss term.
import type { Dims } from '../../engine/params';
import { pySection } from './python';

export function gradientsSection(dims: Dims, truncation: number | undefined): string {
  const lstm = dims.cell === 'lstm';
  const body = truncation === undefined ? fullPass(lstm) : truncatedPass(lstm);
  return `${pySection('Gradients at every step (--json)')}
${
  truncation === undefined
    ? ''
    : `# The spec's training.truncation, which \`unroll grad\` uses too: a loss term's gradient reaches this many steps,
# its own included.
TRUNCATION = ${truncation}
`
}

def gradients(model, batches, count, sequence_count):
    """One forward and backward pass, as \`unroll grad --json\`: the loss; for every sequence the outputs, the top
    layer's h_t and the total dL/dh_t${lstm ? ' and dL/dc_t' : ''} at every step; and dL/dθ for every parameter.${
      truncation === undefined ? '' : `
    Truncated BPTT(TRUNCATION), as Unroll defines it: the gradient of each loss term L_τ flows back through its own
    step and the TRUNCATION − 1 before it, never further; the state entering that window is held constant. dL/dh_t
    is the sum of what reaches h_t from every term whose window holds step t.`
    }"""
    zero_gradients(model)
    result = {"loss": 0.0, "outputs": [None] * sequence_count, "hidden": [None] * sequence_count,
              "grads": {}, "dLdh": [None] * sequence_count${lstm ? ', "dLdc": [None] * sequence_count' : ''}}
${body}
    result["grads"] = {name: parameter.grad.tolist() for name, parameter in spec_parameters(model).items()}
    return result


def zero_gradients(model):
    """Every .grad a tensor of zeros, not None: a parameter no loss term reaches has gradient 0, as in Unroll."""
    for parameter in model.parameters():
        parameter.grad = torch.zeros_like(parameter)


def per_sequence(result, key, batch, values):
    """values (steps, sequences of the batch, n) → result[key][sequence] = that sequence's (steps, n) list."""
    for column, index in enumerate(batch.indices):
        result[key][index] = values[:, column].tolist()
`;
}

function fullPass(lstm: boolean): string {
  return `    for batch in batches:
        state = initial_state(batch.x.shape[1], batch.x)
        top = []  # the top layer's h_t${lstm ? ', c_t' : ''} at every step
        for x_t in batch.x:
            state = step_layers(model.rnn, x_t, state)
${
  lstm
    ? `            for tensor in state[-1]:
                tensor.retain_grad()
            top.append(state[-1])
        h = torch.stack([h_t for h_t, _ in top])`
    : `            state[-1].retain_grad()
            top.append(state[-1])
        h = torch.stack(top)`
}
        y = model.head(h)
        loss = loss_sum(y[batch.scored], batch.targets[batch.scored]) / count
        loss.backward()
        result["loss"] += loss.item()
        per_sequence(result, "outputs", batch, y.detach())
        per_sequence(result, "hidden", batch, h.detach())
${
  lstm
    ? `        per_sequence(result, "dLdh", batch, torch.stack([h_t.grad for h_t, _ in top]))
        per_sequence(result, "dLdc", batch, torch.stack([c_t.grad for _, c_t in top]))`
    : `        per_sequence(result, "dLdh", batch, torch.stack([h_t.grad for h_t in top]))`
}`;
}

function truncatedPass(lstm: boolean): string {
  return `    for batch in batches:
        steps, sequences = batch.scored.shape
        with torch.no_grad():  # the forward values, and the state after every step
            state = initial_state(sequences, batch.x)
            states = []
            for x_t in batch.x:
                state = step_layers(model.rnn, x_t, state)
                states.append(state)
            h = torch.stack([${lstm ? 'state[-1][0]' : 'state[-1]'} for state in states])
            y = model.head(h)
            result["loss"] += (loss_sum(y[batch.scored], batch.targets[batch.scored]) / count).item()
        dLdh = torch.zeros_like(h)
${lstm ? '        dLdc = torch.zeros_like(h)\n' : ''}        for tau in range(steps):
            rows = batch.scored[tau].nonzero().flatten()  # the sequences with a loss term at step τ
            if len(rows) == 0:
                continue
            start = max(0, tau - TRUNCATION + 1)
            if start == 0:
                state = initial_state(len(rows), batch.x)
            else:
                state = [${lstm ? '(h_l[rows], c_l[rows]) for h_l, c_l in states[start - 1]' : 'h_l[rows] for h_l in states[start - 1]'}]
            window = []  # the top layer's h_t${lstm ? ', c_t' : ''} at every step of the window
            for t in range(start, tau + 1):
                state = step_layers(model.rnn, batch.x[t, rows], state)
${
  lstm
    ? `                for tensor in state[-1]:
                    tensor.retain_grad()`
    : '                state[-1].retain_grad()'
}
                window.append(state[-1])
            loss = loss_sum(model.head(${lstm ? 'window[-1][0]' : 'window[-1]'}), batch.targets[tau, rows]) / count
            loss.backward()
${
  lstm
    ? `            for t, (h_t, c_t) in zip(range(start, tau + 1), window):
                dLdh[t, rows] += h_t.grad
                dLdc[t, rows] += c_t.grad`
    : `            for t, h_t in zip(range(start, tau + 1), window):
                dLdh[t, rows] += h_t.grad`
}
        per_sequence(result, "outputs", batch, y)
        per_sequence(result, "hidden", batch, h)
        per_sequence(result, "dLdh", batch, dLdh)${lstm ? '\n        per_sequence(result, "dLdc", batch, dLdc)' : ''}`;
}
