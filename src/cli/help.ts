// The text of `unroll --help` and `unroll <command> --help`.
import type { CommandName } from './args';

const MAIN = `unroll — run a recurrent network spec (.rnn.json) forward and backward through time

Usage:
  unroll check SPEC              validate the spec; print its problems as file:line:column
  unroll grad SPEC [--json]      forward + full BPTT: loss, outputs and ‖dL/dh_t‖ per step
  unroll train SPEC [--epochs N] [--json]
                                 train with the spec's "training" section; print the loss curve
  unroll gradcheck SPEC [--json] compare BPTT gradients with finite differences
  unroll import CHECKPOINT [--prefix P] [--head H] [--nonlinearity tanh|relu] [-o OUT.rnn.json]
                                 a spec from a PyTorch state dict (.pt/.pth or .safetensors)
  unroll export SPEC --format pytorch [-o FILE.py]
                                 the spec as a PyTorch script that reproduces it
  unroll sample SPEC [--prime TEXT] [--length N] [--temperature T] [--seed S] [--train]
                                 write text with a character model (data.text)
  unroll --help | unroll <command> --help
  unroll --version

Exit status:
  0  done (a model whose values overflow is still a result: it is reported, not an error)
  1  internal error in unroll (please report it)
  2  usage error, missing or unreadable file, a spec with errors, or a checkpoint
     that cannot be imported

JSON output (--json):
  JSON cannot hold NaN or ±Infinity, so non-finite numbers are written as the strings
  "NaN", "Infinity" and "-Infinity". Array indices (sequence, step) are 0-based;
  the human-readable tables count sequences and steps from 1.
`;

const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: unroll check SPEC [--json]

Validate SPEC. Prints "SPEC: ok (cell, input→hidden→output, N sequences × T steps)" or one line per problem:
  file:line:column: severity: message
Exit 0 when there are no errors (warnings allowed), 2 otherwise.

Options:
  --json     print {ok, summary, problems: [{severity, line, column, message, code, path}]}
`,
  grad: `Usage: unroll grad SPEC [options]

Run the model forward over every sequence and backpropagate through time. Without --json prints, per
sequence, a table of ‖dL/dh_t‖ for every step (top layer) as a number and a log-scale bar, marking
vanishing and exploding steps, and where values first became non-finite.

Options:
  --json             print {loss, outputs, hidden, grads, dLdh[, dLdc]} (PyTorch fixture shapes: outputs,
                     hidden and dLdh are [sequence][step][unit], top layer) plus stepGradNorm, jacobianNorm,
                     firstNonFinite, vanishing and exploding (0-based step indices per sequence)
  --vanishing F      mark a step vanishing when ‖dL/dh_t‖ < F × the sequence's largest (default: the spec's
                     view.vanishingThreshold, else 1e-6)
  --exploding X      mark a step exploding when ‖dL/dh_t‖ > X or is not finite (default: the spec's
                     view.explodingThreshold, else 1e6)
  --sequence N       only print sequence N (1-based; tables only)
  --truncation K     truncated BPTT(K) instead of the spec's setting

Non-finite numbers in --json output are the strings "NaN", "Infinity", "-Infinity".
`,
  train: `Usage: unroll train SPEC [options]

Train with the spec's "training" section (optimizer, learning rate, clipping, truncation) and print the
loss curve. Progress goes to stderr: a bar on a terminal, a line every 10% otherwise.

One epoch goes through the training sequences in minibatches of training.batchSize (default: all of them at
once); its loss is the mean of its minibatches' losses. With data.validation, the loss of the held-out
sequences after every epoch is printed beside it.

Options:
  --epochs N   number of epochs (default: training.epochs in the spec, else 100)
  --json       print {epochs, loss: [...], gradNorm: [...], [validationLoss: [...]], updates, weights}
               (loss, gradNorm and validationLoss per epoch; updates = minibatch updates in all)
  -q, --quiet  no progress output
`,
  gradcheck: `Usage: unroll gradcheck SPEC [options]

Compare every parameter's BPTT gradient with a central finite difference and print a table: one row per
parameter (its worst element), or one row per element with --all. Each element costs two forward passes, so
the check has a work budget: it uses fewer sequences, then fewer elements, to fit, and says what it checked
and which budget would check everything.
Exit 0 when they agree, 2 when the spec is invalid; disagreement is reported in the table (and by
"ok": false in --json) but is not an error of the command line.

Options:
  --json          print the comparison as JSON
  --all           one row per checked element
  --epsilon E     finite-difference step (default: the engine's)
  --tolerance T   relative error above which a parameter is marked FAIL (default: the engine's)
  --budget N      multiply-adds the check may spend (default 2e9, a few seconds); none: no limit
`,
  import: `Usage: unroll import CHECKPOINT [options]

Write a spec (.rnn.json) for a PyTorch checkpoint: the model inferred from the tensors' names and shapes,
with the checkpoint's weights (PyTorch's names and layouts, the head renamed fc), example data of the
right input size and an mse loss, so that \`unroll grad\` runs it as it is. Replace the data and loss
with your own.

CHECKPOINT is what torch.save(model.state_dict(), "model.pt") writes (PyTorch 1.6 or later; .pt or
.pth), or a .safetensors file. Nothing in the file is run: only tensors are read, and a file that holds
anything else (a whole pickled model, TorchScript, the legacy format) is refused with what to run in
Python instead.

The recurrent module (nn.RNN, nn.LSTM, nn.GRU, or an nn.*Cell) is found by its key prefix, and the head
(an nn.Linear reading the hidden state) by its own. With one candidate each, nothing needs choosing;
with several, the command lists them and exits 2: pass the one you mean.

Options:
  --prefix P             the recurrent module's key prefix, e.g. encoder.rnn. for encoder.rnn.weight_ih_l0
                         ('' for a bare nn.LSTM's state dict)
  --head H               the head's key prefix, e.g. head. for head.weight and head.bias
  --nonlinearity F       tanh (default) or relu: an rnn's nonlinearity is not in a state dict
  -o, --output FILE      write the spec to FILE instead of stdout

Without a head in the checkpoint, fc.weight and fc.bias come from a seeded init (a warning says so).
Weights too many to write into a spec are read from CHECKPOINT instead ("weights": {"file": ...}).
`,
  export: `Usage: unroll export SPEC [--format pytorch] [-o FILE.py]

Write the spec as a readable, self-contained PyTorch script (torch and the Python standard library only):
torch.nn.RNN/LSTM/GRU + nn.Linear with the spec's weights (the initialiser's numbers when the spec uses
"init"), its data as a torch Dataset (a CSV or text file is read again from the spec's folder, with the same
windows, scaling and vocabulary; generated data and inline text are written out), its loss and its training
section: the validation split, and minibatches through a DataLoader (shuffled in Unroll's own seeded order,
so the run is the same). Then:
  python3 FILE.py --json           {loss, outputs, hidden, grads, dLdh[, dLdc]}, as unroll grad --json
                                   (a text: its first windows, as many as unroll grad runs)
  python3 FILE.py --train --json   {epochs, loss, gradNorm[, validationLoss], updates, weights}, as unroll
                                   train --json
  python3 FILE.py --device cuda    the same on a GPU (mps too; the cpu when absent); --float32 for speed
The numbers agree with Unroll's to float64 rounding.

Options:
  -f, --format F   pytorch (the only format so far, and the default)
  -o, --output F   write the script to F (its data paths are then relative to F's folder); default: stdout,
                   for a script saved next to the spec
`,
  sample: `Usage: unroll sample SPEC [options]

Write text with a character model (a spec with "data": {"text": …}): feed the prime one character at a time
from a zero state, then draw LENGTH characters, feeding each one back. Prints the prime and what follows.
The weights are the spec's (after "Save Trained Weights", the trained ones; missing ones from "init").
A character is a Unicode code point; the prime may only use characters of the text.

Options:
  --prime TEXT       what to start from (default: the text's first character)
  --length N         characters to draw (default: 200)
  --temperature T    0 = greedy: always the most probable character (the first on ties), deterministic;
                     T > 0 draws from softmax(y / T): below 1 bolder, above 1 wilder (default: 1)
  --seed S           seed of the draws, so a sample can be repeated (default: 0)
  --train            train with the spec's "training" section first, and sample from those weights
  --epochs N         with --train: number of epochs (default: training.epochs)
  --json             print {prime, text, temperature, seed, steps, primeSteps, weights}: per drawn character
                     its probability under the model (softmax(y), whatever T) and the top 5 candidates
  -q, --quiet        no progress or header on stderr
`,
};

export function helpText(command?: CommandName): string {
  return command ? COMMAND_HELP[command] : MAIN;
}
