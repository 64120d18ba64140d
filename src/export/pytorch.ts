// A spec as a PyTorch script: readable, self-contained (torch and the standard library only), and computing what
// the engine computes — `--json` what `unroll grad --json` prints, `--train --json` what `unroll train --json`
// prints — so a model that outgrows the editor trains on in PyTorch, on a GPU if there is one. Pure: no `vscode`,
// no Node; the caller writes the text where it belongs.
//
// The script is assembled from one section per concern (src/export/pytorch/): model, weights, the cell's steps,
// data (one emitter per source, each a torch Dataset), batches, loss, the --json pass, the validation split and
// minibatches, training, and the command line.
import { dimsOf } from '../engine/params';
import type { ParsedSpec } from '../spec/types';
import { batchesSection, dataCode } from './pytorch/data';
import { gradientsSection } from './pytorch/gradients';
import { lossSection } from './pytorch/loss';
import { mainSection } from './pytorch/main';
import { minibatchesSection, shufflesMinibatches } from './pytorch/minibatches';
import { modelSection, stepsSection } from './pytorch/model';
import { LINE_WIDTH, pyComment } from './pytorch/python';
import { trainingSection } from './pytorch/training';
import { weightsSection } from './pytorch/weights';

export interface PytorchExportOptions {
  /** the spec's file as the user named it, for the header (default: "<name>.rnn.json") */
  specFile?: string;
  /** the script's own file name, for the usage lines (default: "model.py") */
  scriptName?: string;
  /** the spec's folder (where its data files are) relative to the script's folder, POSIX separators, or absolute;
   *  default "." (the script saved next to the spec) */
  dataDir?: string;
  /** Unroll's version, named in the header */
  version?: string;
}

export function pytorchScript(spec: ParsedSpec, options: PytorchExportOptions = {}): string {
  const dims = dimsOf(spec.model);
  const data = dataCode(spec, { dataDir: options.dataDir ?? '.' });
  const truncation = spec.training?.truncation;
  const sections = [
    header(spec, options, data.summary),
    imports(data.imports, shufflesMinibatches(spec)),
    modelSection(dims),
    weightsSection(spec.model, dims),
    stepsSection(dims),
    data.section,
    batchesSection(spec.loss),
    lossSection(spec.loss, dims.outputActivation),
    gradientsSection(dims, truncation),
    minibatchesSection(spec),
    trainingSection(spec.training, dims),
    mainSection(data, spec.view?.sequence ?? 0),
  ];
  return sections.join('\n\n');
}

function header(spec: ParsedSpec, options: PytorchExportOptions, dataSummary: string): string {
  const specFile = options.specFile ?? `${spec.name}.rnn.json`;
  const script = options.scriptName ?? 'model.py';
  const by = options.version ? `Unroll ${options.version}` : 'Unroll';
  const description = spec.description ? `\n${wrap(spec.description)}\n` : '';
  const usage = [
    [`python3 ${script}`, 'the loss, and the gradient reaching every step'],
    [`python3 ${script} --json`, `{loss, outputs, hidden, grads, dLdh${spec.model.cell === 'lstm' ? ', dLdc' : ''}}, as \`unroll grad --json\``],
    [`python3 ${script} --train`, 'train with the spec\'s "training" section'],
    [`python3 ${script} --train --json`, `{epochs, loss, gradNorm${spec.data.validation ? ', validationLoss' : ''}, updates, weights}, as \`unroll train --json\``],
  ];
  const column = Math.max(...usage.map(([command]) => command.length)) + 2;
  return `#!/usr/bin/env python3
"""${wrap(`${spec.name}: the Unroll spec ${specFile} as a PyTorch script.`)}
${description}
${wrap(`Exported by ${by}. It builds the spec's model with torch.nn, loads its weights and its data (${dataSummary}), and computes what Unroll computes for it, to float64 rounding:`)}

${usage.map(([command, what]) => usageLine(command, what, column)).join('\n')}

${spec.source?.kind === 'text' ? `${wrap("With a text, --json runs on its first windows, as many as `unroll grad` does (GRAD_SEQUENCES); --train reads every one.")}\n` : ''}Options: --epochs N, --device cuda|mps (the cpu when it is absent), --float32 (float64 by default, as Unroll).
Tensors are (steps, sequences, features): PyTorch's default layout, batch_first=False.
Needs torch and the Python standard library only.
"""`;
}

/** A usage line; one too wide for the line width goes on with ", as …" under its description. */
function usageLine(command: string, what: string, column: number): string {
  const line = `    ${command.padEnd(column)}${what}`;
  const at = what.lastIndexOf(', as ');
  if (line.length <= LINE_WIDTH || at < 0) return line;
  return `    ${command.padEnd(column)}${what.slice(0, at + 1)}\n    ${' '.repeat(column)}${what.slice(at + 2)}`;
}

function imports(extra: string[], shuffles: boolean): string {
  const plain = ['argparse', 'json', 'math', 'sys', ...extra.filter((m) => !m.includes(' '))].sort();
  const from = ['from dataclasses import dataclass', ...extra.filter((m) => m.includes(' '))].sort();
  const data = `from torch.utils.data import DataLoader, Dataset, ${shuffles ? 'Sampler, ' : ''}Subset`;
  return [...plain.map((m) => `import ${m}`), ...from, '', 'import torch', data].join('\n');
}

/** Prose for the docstring, wrapped like the comments. */
function wrap(text: string): string {
  return pyComment(text.replace(/"""/g, "'''").replace(/\\/g, '/'))
    .split('\n')
    .map((line) => line.replace(/^# ?/, ''))
    .join('\n');
}
