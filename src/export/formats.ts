// What Export… writes, as pure functions of what the preview shows (tested without VS Code).
import type { PreviewModel } from '../protocol';

const num = (v: number) => (Number.isFinite(v) ? String(v) : String(v)); // NaN / Infinity spelled out: never hidden

/** One row per step: the numbers of the gradient view, unrounded. */
export function gradientsCsv(model: PreviewModel): string {
  const header = ['step', 'grad_norm', 'log10_grad_norm', 'jacobian_norm', 'health', ...(model.scalar ? ['closed_form'] : [])];
  const rows = model.gradNorm.map((g, t) => [
    String(t),
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
    sequence: model.sequence,
    loss: model.loss,
    health: model.health,
    thresholds: model.thresholds,
    firstNonFinite: model.firstNonFinite,
    steps: model.gradNorm.map((g, t) => ({
      step: t,
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

/** A self-contained page: the diagram (inline SVG), the numbers, no script and nothing fetched. */
export function htmlReport(model: PreviewModel, diagramSvg: string | undefined): string {
  const rows = model.gradNorm
    .map(
      (g, t) =>
        `<tr data-step="${t}" data-grad-norm="${String(g)}"><td>${t}</td><td>${g.toExponential(3)}</td><td>${(model.jacobianNorm[t] ?? NaN).toPrecision(4)}</td><td class="${model.stepHealth[t]}">${model.stepHealth[t]}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Unroll report: ${escape(model.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #d0d7de;text-align:right}
.vanishing{color:#0550ae}.exploding{color:#bc4c00}.healthy{color:#1a7f37}
figure{overflow-x:auto;margin:1rem 0}
</style></head><body>
<h1>${escape(model.name)}</h1>
${model.description ? `<p>${escape(model.description)}</p>` : ''}
<p>${model.cell}, input ${model.inputSize}, hidden ${model.hiddenSize}, output ${model.outputSize}, ${model.numLayers} layer(s);
${model.steps} steps, sequence ${model.sequence + 1} of ${model.sequenceCount}. Loss (${escape(model.loss.type)} on ${model.loss.on}): ${model.loss.value}.
Gradient: <strong class="${model.health}">${model.health}</strong>.</p>
${diagramSvg ? `<figure>${diagramSvg}</figure>` : ''}
<h2>Gradient reaching each step</h2>
<p>‖dL/dh<sub>t</sub>‖ (Euclidean norm) and the spectral norm of ∂h<sub>t</sub>/∂h<sub>t−1</sub>.</p>
<table><thead><tr><th>step</th><th>‖dL/dh<sub>t</sub>‖</th><th>Jacobian norm</th><th>health</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
