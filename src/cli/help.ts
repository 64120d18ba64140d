// The text of `unroll --help` and `unroll <command> --help`.
import type { CommandName } from './args';

const MAIN = `unroll — run a recurrent network spec (.rnn.json) forward and backward through time

Usage:
  unroll check SPEC              validate the spec; print its problems as file:line:column
  unroll grad SPEC [--json]      forward + full BPTT: loss, outputs and ‖dL/dh_t‖ per step
  unroll train SPEC [--epochs N] [--json]
                                 train with the spec's "training" section; print the loss curve
  unroll gradcheck SPEC [--json] compare BPTT gradients with finite differences
  unroll --help | unroll <command> --help
  unroll --version

Exit status:
  0  done (a model whose values overflow is still a result: it is reported, not an error)
  1  internal error in unroll (please report it)
  2  usage error, missing or unreadable file, or a spec with errors

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

Options:
  --epochs N   number of epochs (default: training.epochs in the spec, else 100)
  --json       print {epochs, loss: [...], gradNorm: [...], weights} (loss and gradNorm per epoch)
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
};

export function helpText(command?: CommandName): string {
  return command ? COMMAND_HELP[command] : MAIN;
}
