import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import { gradientsCsv, gradientsJson, htmlReport } from '../export/formats';
import { targetSpec } from './targetSpec';
import { exportPytorchScript } from './exportPytorch';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import type { ExportPart, PreviewModel } from '../protocol';
import type { SpecPreview } from '../preview/previewPanel';

/** The first model a freshly opened preview renders, or undefined if the spec is invalid (after a wait). */
function nextRender(preview: SpecPreview, timeoutMs = 15_000): Promise<PreviewModel | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(undefined);
    }, timeoutMs);
    const listener = preview.onDidRender((model) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(model);
    });
  });
}

type Format = 'svg' | 'png' | 'csv' | 'json' | 'html' | 'py';

const CHOICES: { label: string; detail: string; format: Format }[] = [
  { label: 'Diagram as SVG', detail: 'The unrolled network as a vector image', format: 'svg' },
  { label: 'Diagram as PNG', detail: 'The unrolled network as a picture', format: 'png' },
  { label: 'Per-step gradients as CSV', detail: '‖dL/dh_t‖, Jacobian norm and health for every step (numbered from 1)', format: 'csv' },
  { label: 'Per-step gradients as JSON', detail: 'The same, with dL/dh_t vectors and parameter gradients', format: 'json' },
  { label: 'HTML report', detail: 'A self-contained page: the diagram, the gradient chart and the numbers', format: 'html' },
  { label: 'PyTorch script (.py)', detail: 'The model, weights, data, loss and training in torch, computing the same numbers', format: 'py' },
];

/** Export… writes only to a new file the user picks; the spec itself is never touched. */
export function registerExportCommand(context: vscode.ExtensionContext, previews: PreviewManager, jobs: Jobs, files: SpecFiles): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('unroll.export', async (uri?: vscode.Uri, format?: Format, destination?: vscode.Uri) => {
      const spec = targetSpec(previews, uri);
      if (!spec) return undefined;
      if (format === 'py') return confirm(await exportPytorchScript(jobs, files, spec, destination));
      const preview = previews.previewsOf(spec)[0] ?? previews.open(spec, true);
      const model = preview.model ?? (await nextRender(preview));
      const chosen = format ?? (await vscode.window.showQuickPick(CHOICES, { title: 'Unroll: Export' }))?.format;
      if (!chosen) return undefined;
      if (chosen === 'py') return confirm(await exportPytorchScript(jobs, files, spec, destination));
      if (!model) {
        void vscode.window.showErrorMessage('Unroll: the spec has problems; fix them before exporting.');
        return undefined;
      }
      const content = await exportContent(chosen, model, (f, part) => preview.requestExport(f, part));
      if (content === undefined) {
        void vscode.window.showErrorMessage('Unroll: the preview did not draw the diagram; try again with the preview visible.');
        return undefined;
      }
      const base = spec.path.replace(/\.rnn\.json$/, '').split('/').pop() ?? 'unroll';
      const target =
        destination ??
        (await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(spec, '..', `${base}.${chosen === 'csv' || chosen === 'json' ? `gradients.${chosen}` : chosen}`),
          filters: { [chosen.toUpperCase()]: [chosen] },
        }));
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, content);
      return confirm(target);
    }),
  );
}

/** Every export ends with a word that it worked and where, and an Open that shows the file. Not awaited: the
 *  command answers without waiting for the person. */
function confirm(target: vscode.Uri | undefined): vscode.Uri | undefined {
  if (!target) return undefined;
  void vscode.window.showInformationMessage(`Unroll: exported ${vscode.workspace.asRelativePath(target)}`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', target);
  });
  return target;
}

async function exportContent(
  format: Format,
  model: PreviewModel,
  draw: (format: 'svg' | 'png', part?: ExportPart) => Promise<string | undefined>,
): Promise<Uint8Array | undefined> {
  const text = (s: string) => new TextEncoder().encode(s);
  switch (format) {
    case 'csv':
      return text(gradientsCsv(model));
    case 'json':
      return text(gradientsJson(model));
    case 'html':
      return text(htmlReport(model, { diagram: await draw('svg'), gradientChart: await draw('svg', 'gradient-chart') }));
    case 'svg': {
      const svg = await draw('svg');
      return svg === undefined ? undefined : text(svg);
    }
    case 'png': {
      const dataUrl = await draw('png');
      const base64 = dataUrl?.split(',')[1];
      // atob, not Buffer: this runs in the browser host too, which has no Buffer.
      return base64 === undefined ? undefined : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    }
  }
}
