// What Export… writes, as pure functions of what the preview shows (tested without VS Code). Steps and sequences
// are numbered from 1, as the preview and the CLI number them; the CSV and JSON keep every number unrounded.
import type { PreviewModel } from '../protocol';
import { formatNumber } from '../numbers';

const num = (v: number) => String(v); // NaN / Infinity spelled out: never hidden

/** One row per step: the numbers of the gradient view, unrounded. */
export function gradientsCsv(model: PreviewModel): string {
  const header = ['step', 'grad_norm', 'log10_grad_norm', 'jacobian_norm', 'health', ...(model.scalar ? ['closed_form'] : [])];
  const rows = model.gradNorm.map((g, t) => [
    String(t + 1),
    num(g),
    num(Math.log10(g)),
    num(model.jacobianNorm[t] ?? NaN),
    model.stepHealth[t],
    ...(model.scalar ? [num(model.scalar.predicted[t])] : []),
  ]);
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

/** JSON cannot hold NaN or ±Infinity; they are written as the strings "NaN", "Infinity", "-Infinity". */
export function gradientsJson(model: PreviewModel): string {
  const data = {
    name: model.name,
    cell: model.cell,
    sequence: model.sequence + 1,
    sequences: model.sequenceCount,
    loss: model.loss,
    health: model.health,
    thresholds: model.thresholds,
    firstNonFinite: model.firstNonFinite && { ...model.firstNonFinite, sequence: model.firstNonFinite.sequence + 1, step: model.firstNonFinite.step + 1 },
    steps: model.gradNorm.map((g, t) => ({
      step: t + 1,
      gradNorm: g,
      jacobianNorm: model.jacobianNorm[t],
      health: model.stepHealth[t],
      dLdh: model.dLdh[t],
      ...(model.dLdc ? { dLdc: model.dLdc[t] } : {}),
      ...(model.scalar ? { closedForm: model.scalar.predicted[t] } : {}),
    })),
    grads: model.grads,
  };
  return JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The pictures the view drew for the report (SVG text), each absent when the view could not draw it. */
export interface ReportPictures {
  diagram?: string;
  gradientChart?: string;
}

/** A self-contained page: the diagram and the gradient chart as the preview draws them (inline SVG), the numbers
 *  per step and per weight; no script and nothing fetched. */
export function htmlReport(model: PreviewModel, pictures: ReportPictures = {}): string {
  // Both pictures carry the page's <defs> (arrowheads, hatches); in one HTML page ids are shared, so the chart uses
  // the diagram's and its own copy goes (an id defined twice is invalid, and readers may pick either).
  const chart = pictures.diagram?.includes('<defs') ? pictures.gradientChart?.replace(/<defs\b[\s\S]*?<\/defs>/, '') : pictures.gradientChart;
  const f = (v: number | undefined, digits = 4) => (v === undefined ? '–' : formatNumber(v, digits));
  const stepRows = model.gradNorm
    .map((g, t) => {
      const cells = [f(g), f(model.jacobianNorm[t]), ...(model.scalar ? [f(model.scalar.predicted[t])] : [])];
      return `<tr data-step="${t + 1}" data-grad-norm="${String(g)}"><th scope="row">${t + 1}</th>${cells.map((c) => `<td>${c}</td>`).join('')}<td class="${model.stepHealth[t]}">${model.stepHealth[t]}</td></tr>`;
    })
    .join('\n');
  const weightRows = Object.entries(model.gradNorms)
    .map(([name, norm]) => `<tr><th scope="row"><code>${escape(name)}</code></th><td>${escape(model.weightShapes[name] ?? '')}</td><td>${f(norm)}</td></tr>`)
    .join('\n');
  const first = model.gradNorm[0];
  const last = model.gradNorm[model.steps - 1];
  const ratio = model.steps > 1 && Number.isFinite(first) && Number.isFinite(last) && last !== 0 ? first / last : undefined;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Unroll report: ${escape(model.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff;max-width:72rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:2px 10px;border-bottom:1px solid #d0d7de;text-align:right}
thead th{border-bottom:2px solid #8c959f}td{font-variant-numeric:tabular-nums}
.vanishing{color:#0550ae}.exploding{color:#bc4c00}.healthy{color:#1a7f37}
figure{overflow-x:auto;margin:1rem 0}figcaption{color:#59636e;font-size:.9rem}
</style></head><body>
<h1>${escape(model.name)}</h1>
${model.description ? `<p>${escape(model.description)}</p>` : ''}
<p>${model.cell}${model.nonlinearity ? ` (${escape(model.nonlinearity)})` : ''}, input ${model.inputSize}, hidden ${model.hiddenSize}, output ${model.outputSize}, ${model.numLayers === 1 ? '1 layer' : `${model.numLayers} layers`};
sequence ${model.sequence + 1} of ${model.sequenceCount}, ${model.steps === 1 ? '1 step' : `${model.steps} steps`}. Loss (${escape(model.loss.type)} on ${model.loss.on === 'last' ? 'the last step' : 'every step'}, over all ${model.sequenceCount === 1 ? 'the sequence' : `${model.sequenceCount} sequences`}): ${f(model.loss.value)}.
Gradient: <strong class="${model.health}">${model.health}</strong>.</p>
${pictures.diagram ? `<figure>${pictures.diagram}<figcaption>The network unrolled over the steps of sequence ${model.sequence + 1}.</figcaption></figure>` : ''}
<h2>Gradient reaching each step</h2>
<p>‖dL/dh<sub>t</sub>‖ (Euclidean norm) ${model.scale === 'linear' ? 'on a linear scale' : 'on a log scale'}, steps numbered from 1; vanishing below ${f(model.thresholds.vanishing)} × the largest, exploding above ${f(model.thresholds.exploding)}.${ratio === undefined ? '' : ` The gradient reaching step 1 is ${f(ratio, 3)} × the one at step ${model.steps}.`}</p>
${chart ? `<figure>${chart}</figure>` : ''}
<table><thead><tr><th scope="col">step</th><th scope="col">‖dL/dh<sub>t</sub>‖</th><th scope="col">Jacobian norm</th>${model.scalar ? `<th scope="col">closed form ${escape(model.scalar.expression)}</th>` : ''}<th scope="col">health</th></tr></thead>
<tbody>
${stepRows}
</tbody></table>
<h2>Gradient of each weight</h2>
<p>‖∂L/∂θ‖ (Frobenius norm) over all ${model.sequenceCount === 1 ? 'the sequence' : `${model.sequenceCount} sequences`}, PyTorch's names and shapes.</p>
<table><thead><tr><th scope="col">weight</th><th scope="col">shape</th><th scope="col">‖∂L/∂θ‖</th></tr></thead>
<tbody>
${weightRows}
</tbody></table>
</body></html>
`;
}
