// "Unroll: Sample from Model": asks for a prime, a length and a temperature (each with a default, Enter takes it),
// samples in the worker with the weights trained in this session (else the spec's) and shows the text in the
// preview. The host keeps the last sample per spec, so the view shows it again when it reappears; "Sample again"
// in the view repeats it with the next seed.
import * as vscode from 'vscode';
import type { Jobs } from '../jobs/jobs';
import type { SampleInput } from '../jobs/types';
import type { SpecFiles } from '../documents/specFiles';
import type { PreviewManager } from '../preview/previewManager';
import type { SpecResults } from '../state/specResults';
import type { SampleShown } from '../protocol';
import { describeInvalid, describeOutcome } from './modelCommands';
import { askSampleSettings, SAMPLE_PROMPT_DEFAULTS, type SampleSettings } from './samplePrompts';
import { targetDocument } from './targetSpec';

export interface SampleServices {
  previews: PreviewManager;
  jobs: Jobs;
  files: SpecFiles;
  results: SpecResults;
}

export class SampleCommand {
  constructor(private readonly services: SampleServices) {}

  /** The command: `settings` (tests, other commands) skip the questions; a missing one takes its default. */
  async run(uri?: unknown, settings?: Partial<SampleSettings>): Promise<SampleShown | undefined> {
    const document = await targetDocument(this.services.previews, uri);
    if (!document) return undefined;
    const spec = await this.services.files.snapshot(document);
    const info = await this.services.jobs.run('textInfo', spec);
    const answer = info.status === 'ok' ? info.value : undefined;
    if (answer?.type !== 'text') {
      const why = answer?.type === 'invalid' ? describeInvalid(answer) : answer?.type === 'refused' ? answer.message : describeOutcome(info);
      if (why) void vscode.window.showWarningMessage(`Unroll: cannot sample — ${why}`);
      return undefined;
    }
    const chosen = settings ? { ...SAMPLE_PROMPT_DEFAULTS, prime: answer.first, ...settings } : await askSampleSettings(answer.vocabulary, answer.first);
    if (!chosen) return undefined;
    return this.sample(document, chosen);
  }

  /** The last sample's settings again with the next seed (the view's "Sample again"). */
  async again(uri: vscode.Uri): Promise<SampleShown | undefined> {
    const last = this.services.results.get(uri).sample;
    const document = await vscode.workspace.openTextDocument(uri);
    const settings = last ? { prime: last.prime, length: last.steps.length, temperature: last.temperature, seed: last.seed + 1 } : { ...SAMPLE_PROMPT_DEFAULTS, prime: '' };
    return this.sample(document, settings);
  }

  private async sample(document: vscode.TextDocument, settings: SampleSettings): Promise<SampleShown | undefined> {
    const { previews, jobs, files, results } = this.services;
    const uri = document.uri.toString();
    const spec = await files.snapshot(document);
    const trained = results.get(uri).trained;
    const input: SampleInput = { spec, ...settings, ...(trained ? { trained: { weights: trained.weights, model: trained.model, note: `trained in this session (${trained.summary})` } } : {}) };
    // The text goes to a view on screen, never to one hidden behind another tab.
    previews.reveal(document.uri);
    const outcome = await jobs.run('sample', input);
    const answer = outcome.status === 'ok' ? outcome.value : undefined;
    if (answer?.type === 'sample') {
      const shown: SampleShown = { uri, ...answer.sample };
      results.set(uri, 'sample', shown);
      return shown;
    }
    const why = answer?.type === 'invalid' ? describeInvalid(answer) : answer?.type === 'refused' ? answer.message : describeOutcome(outcome);
    if (why) {
      for (const preview of previews.previewsOf(document.uri)) preview.post({ type: 'failed', uri, job: 'sample', message: why });
      void vscode.window.showWarningMessage(`Unroll: cannot sample — ${why}`);
    }
    return undefined;
  }
}
