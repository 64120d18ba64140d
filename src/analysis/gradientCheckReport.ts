// "Check Gradients": finite differences against BPTT, as a table a person can read.
import { gradientCheck } from '../engine';
import type { EngineSpec } from '../engine/types';

export function gradientCheckMarkdown(spec: EngineSpec & { name?: string }): { markdown: string; ok: boolean } {
  const result = gradientCheck(spec);
  const rows = result.entries.map(
    (e) =>
      `| ${e.name} | [${e.index.join(', ')}] | ${e.analytic.toExponential(6)} | ${e.numeric.toExponential(6)} | ${e.relativeError.toExponential(2)} | ${e.ok ? '✓' : '✗'}${e.refinedEpsilon ? ` (ε = ${e.refinedEpsilon})` : ''}${e.kink ? ` kink: slopes ${e.kink.left.toExponential(3)} / ${e.kink.right.toExponential(3)}` : ''} |`,
  );
  const kinks = result.entries.filter((e) => e.kink).length;
  const verdict = result.ok
    ? `**All ${result.checked} checked elements agree.**`
    : `**${result.entries.filter((e) => !e.ok).length} of ${result.checked} checked elements disagree.**`;
  const markdown = [
    `# Gradient check: ${spec.name ?? 'spec'}`,
    '',
    'Each parameter element is nudged by ±ε and the loss re-computed: the slope (numeric) must match the gradient that',
    'backpropagation through time computed (analytic). Central differences are accurate to about ε², so a relative error',
    'below 1e-5 means the two agree.',
    '',
    `${verdict} Largest relative error: ${result.maxRelativeError.toExponential(2)}. Loss: ${result.loss}.`,
    kinks > 0
      ? `${kinks} element(s) sit on a relu kink (a pre-activation of exactly 0), where the loss has no derivative: the slopes to the left and right differ, and BPTT's relu′(0) = 0 (as in PyTorch) counts as correct when it lies between them.`
      : '',
    result.checked < result.total ? `A seeded sample of ${result.checked} of ${result.total} elements was checked.` : `Every one of the ${result.total} elements was checked.`,
    '',
    '| parameter | index | analytic (BPTT) | numeric (finite differences) | relative error | ok |',
    '| --- | --- | ---: | ---: | ---: | :---: |',
    ...rows,
    '',
  ].join('\n');
  return { markdown, ok: result.ok };
}
