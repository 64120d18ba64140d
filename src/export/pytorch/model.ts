// The script's model: torch.nn.RNN/LSTM/GRU (or, for the rnn nonlinearities torch.nn.RNN lacks, the same layer
// written out) plus the nn.Linear head, and the cell's equations one step at a time on the module's own parameters.
import type { Dims } from '../../engine/params';
import { pyComment, pySection } from './python';

/** The constants, the Network class and where its parameters are under the spec's names. */
export function modelSection(dims: Dims): string {
  const { cell, nonlinearity, outputActivation } = dims;
  const layers = `${dims.numLayers} layer${dims.numLayers === 1 ? '' : 's'}`;
  const what = `${cell}${cell === 'rnn' ? ` (${nonlinearity})` : ''}, ${dims.inputSize} input → ${dims.hiddenSize} hidden (${layers}) → ${dims.outputSize} output`;
  const explicit = needsExplicitRnn(dims);
  const head = outputActivation === 'sigmoid' ? 'torch.sigmoid(self.fc(h))' : 'self.fc(h)';
  return `${pySection('Model')}
# ${what}${outputActivation === 'sigmoid' ? ', a sigmoid on the outputs' : ''}.

INPUT_SIZE = ${dims.inputSize}
HIDDEN_SIZE = ${dims.hiddenSize}
NUM_LAYERS = ${dims.numLayers}
OUTPUT_SIZE = ${dims.outputSize}


class Network(torch.nn.Module):
    """${recurrentName(dims)}, then the same nn.Linear read-out at every step${outputActivation === 'sigmoid' ? ' and a sigmoid' : ''}."""

    def __init__(self):
        super().__init__()
        self.rnn = ${recurrentModule(dims)}
        self.fc = torch.nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE)

    def forward(self, x, state=None):
        """x: (steps, sequences, INPUT_SIZE) → the outputs at every step (steps, sequences, OUTPUT_SIZE), and the
        recurrent state after the last step."""
        h, state = self.rnn(x, state)
        return self.head(h), state

    def head(self, h):
        """y_t = ${outputActivation === 'sigmoid' ? 'σ(W_fc h_t + b_fc)' : 'W_fc h_t + b_fc'}"""
        return ${head}
${explicit ? `\n\n${explicitRnnClass(dims)}` : ''}

def spec_parameters(model):
    """The parameters under the spec's names: rnn.weight_ih_l0 is "weight_ih_l0", fc.weight is "fc.weight"."""
    return {(name[len("rnn."):] if name.startswith("rnn.") else name): p for name, p in model.named_parameters()}
`;
}

/** torch.nn.RNN has tanh and relu only; sigmoid and identity (for teaching) are stepped in Python instead. */
export function needsExplicitRnn(dims: Dims): boolean {
  return dims.cell === 'rnn' && dims.nonlinearity !== 'tanh' && dims.nonlinearity !== 'relu';
}

function recurrentName(dims: Dims): string {
  if (needsExplicitRnn(dims)) return `An Elman RNN with a ${dims.nonlinearity} nonlinearity (ElmanRNN below)`;
  return `torch.nn.${dims.cell.toUpperCase()}`;
}

function recurrentModule(dims: Dims): string {
  if (needsExplicitRnn(dims)) return 'ElmanRNN(INPUT_SIZE, HIDDEN_SIZE, NUM_LAYERS)';
  const nonlinearity = dims.cell === 'rnn' ? `, nonlinearity=${JSON.stringify(dims.nonlinearity)}` : '';
  return `torch.nn.${dims.cell.toUpperCase()}(INPUT_SIZE, HIDDEN_SIZE, num_layers=NUM_LAYERS${nonlinearity})`;
}

function explicitRnnClass(dims: Dims): string {
  return `class ElmanRNN(torch.nn.Module):
    """torch.nn.RNN offers tanh and relu only, so this is torch.nn.RNN with a ${dims.nonlinearity} nonlinearity written out:
    the same parameters (names, shapes, layout) and the same call, (x, h_0) → (h at every step, h_n), stepping
    through time in Python with rnn_step below."""

    def __init__(self, input_size, hidden_size, num_layers):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size
            self.register_parameter(f"weight_ih_l{layer}", torch.nn.Parameter(torch.zeros(hidden_size, width)))
            self.register_parameter(f"weight_hh_l{layer}", torch.nn.Parameter(torch.zeros(hidden_size, hidden_size)))
            self.register_parameter(f"bias_ih_l{layer}", torch.nn.Parameter(torch.zeros(hidden_size)))
            self.register_parameter(f"bias_hh_l{layer}", torch.nn.Parameter(torch.zeros(hidden_size)))

    def forward(self, x, h_0=None):
        if h_0 is None:
            h_0 = x.new_zeros(self.num_layers, x.shape[1], self.hidden_size)
        state = list(h_0)
        top = []
        for x_t in x:
            state = step_layers(self, x_t, state)
            top.append(state[-1])
        return torch.stack(top), torch.stack(state)
`;
}

/** The cell's equations for one step, and one step through every layer: what the --json pass differentiates. */
export function stepsSection(dims: Dims): string {
  const lstm = dims.cell === 'lstm';
  const name = `torch.nn.${dims.cell.toUpperCase()}`;
  const kept = `every h_t${lstm ? ' and c_t' : ''} is a tensor whose .grad is the total gradient dL/dh_t${lstm ? ' (dL/dc_t)' : ''} through every path.`;
  const why = needsExplicitRnn(dims)
    ? `ElmanRNN above already steps one at a time; the --json pass calls the same functions itself, so that ${kept}`
    : `${name} runs every step inside one call, so the h_t${lstm ? ' and c_t' : ''} it passes from step to step are not tensors whose gradient we can keep. ` +
      `These are the same equations (PyTorch's documentation of nn.${dims.cell.toUpperCase()}), on the module's own parameters, one step at a time: ${kept}`;
  return `${pySection('One step at a time')}
${pyComment(why)}


def layer_parameters(rnn, layer):
    """W_ih, W_hh, b_ih, b_hh of one layer, in PyTorch's layout (the gates stacked in rows)."""
    return (getattr(rnn, f"weight_ih_l{layer}"), getattr(rnn, f"weight_hh_l{layer}"),
            getattr(rnn, f"bias_ih_l{layer}"), getattr(rnn, f"bias_hh_l{layer}"))


${cellStep(dims)}


def step_layers(rnn, x, state):
    """One step through every layer, layer k reading layer k − 1's new h.
    state: ${lstm ? '(h, c)' : 'h'} of every layer, each (sequences, HIDDEN_SIZE)."""
    new_state = []
${
  lstm
    ? `    for layer, (h, c) in enumerate(state):
        h, c = lstm_step(rnn, layer, x, h, c)
        new_state.append((h, c))
        x = h`
    : `    for layer, h in enumerate(state):
        x = ${dims.cell}_step(rnn, layer, x, h)
        new_state.append(x)`
}
    return new_state


def initial_state(sequences, like):
    """h_{−1}${lstm ? ' = c_{−1}' : ''} = 0 in every layer, as PyTorch when no state is given."""
${
  lstm
    ? `    zeros = like.new_zeros(sequences, HIDDEN_SIZE)
    return [(zeros, zeros) for _ in range(NUM_LAYERS)]`
    : '    return [like.new_zeros(sequences, HIDDEN_SIZE) for _ in range(NUM_LAYERS)]'
}
`;
}

function cellStep(dims: Dims): string {
  switch (dims.cell) {
    case 'lstm':
      return `def lstm_step(rnn, layer, x, h, c):
    """[i f g o] = W_ih x + b_ih + W_hh h + b_hh;  c' = σ(f) c + σ(i) tanh(g);  h' = σ(o) tanh(c')"""
    w_ih, w_hh, b_ih, b_hh = layer_parameters(rnn, layer)
    i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c`;
    case 'gru':
      return `def gru_step(rnn, layer, x, h):
    """r, z = σ(W_i[r z] x + b_i[r z] + W_h[r z] h + b_h[r z]);  n = tanh(W_in x + b_in + r (W_hn h + b_hn));
    h' = (1 − z) n + z h"""
    w_ih, w_hh, b_ih, b_hh = layer_parameters(rnn, layer)
    x_r, x_z, x_n = (x @ w_ih.T + b_ih).chunk(3, dim=-1)
    h_r, h_z, h_n = (h @ w_hh.T + b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h`;
    case 'rnn': {
      const f = { tanh: 'torch.tanh', relu: 'torch.relu', sigmoid: 'torch.sigmoid', identity: '' }[dims.nonlinearity];
      const name = { tanh: 'tanh', relu: 'relu', sigmoid: 'σ', identity: '' }[dims.nonlinearity];
      const sum = 'x @ w_ih.T + b_ih + h @ w_hh.T + b_hh';
      return `def rnn_step(rnn, layer, x, h):
    """h' = ${name}${name ? '(' : ''}W_ih x + b_ih + W_hh h + b_hh${name ? ')' : ''}"""
    w_ih, w_hh, b_ih, b_hh = layer_parameters(rnn, layer)
    return ${f ? `${f}(${sum})` : sum}`;
    }
  }
}
