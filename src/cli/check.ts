// `unroll check SPEC`: validate and summarise.
import type { EngineSpec } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { formatProblem, hasErrors, loadSpec } from './load';

export function checkCommand(io: Io, file: string, json: boolean): number {
  const loaded = loadSpec(file);
  const summary = loaded.ok ? summarize(loaded.spec) : undefined;
  if (json) {
    const problems = loaded.problems.map(({ severity, line, column, message, code, path }) => ({ severity, line, column, message, code, path }));
    io.out(toJson({ file, ok: loaded.ok, summary, problems }, 2) + '\n');
  } else {
    // The problems are what `check` was asked for, so they go to stdout (other commands print them to stderr).
    for (const problem of loaded.problems) io.out(formatProblem(file, problem) + '\n');
    if (summary) io.out(`${file}: ok (${summary})\n`);
  }
  return loaded.ok && !hasErrors(loaded.problems) ? EXIT_OK : EXIT_USAGE;
}

/** "lstm, 2→3→1, 2 sequences × 8 steps": cell, input→hidden→output sizes, data shape. */
export function summarize(spec: EngineSpec): string {
  const { model } = spec;
  const layers = model.numLayers ?? 1;
  const cell = model.cell === 'rnn' ? `rnn (${model.nonlinearity ?? 'tanh'})` : model.cell;
  const hidden = layers > 1 ? `${model.hiddenSize}×${layers} layers` : `${model.hiddenSize}`;
  const sequences = spec.data.sequences;
  const lengths = sequences.map((s) => s.inputs.length);
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  const steps = sequences.length === 0 ? '0' : shortest === longest ? `${longest}` : `${shortest}–${longest}`;
  const plural = (n: number | string, word: string) => `${n} ${word}${n === 1 || n === '1' ? '' : 's'}`;
  const sizes = `${cell}, ${model.inputSize}→${hidden}→${model.outputSize}`;
  const validation = spec.data.validation ? `, the last ${spec.data.validation} held out for validation` : '';
  const source = (spec as ParsedSpec).source;
  if (source?.kind === 'text') {
    // The preview's sequences are the first few; training reads them all.
    const count = source.sequences.toLocaleString('en-US');
    const preview = source.previewSequences < source.sequences ? ` (the preview and grad use the first ${source.previewSequences})` : '';
    return `${sizes}, text of ${source.characters.toLocaleString('en-US')} characters (vocabulary ${source.vocabulary.length}): ${count} sequences × ${plural(source.window, 'step')}${preview}${validation}`;
  }
  return `${sizes}, ${plural(sequences.length, 'sequence')} × ${plural(steps, 'step')}${validation}`;
}
