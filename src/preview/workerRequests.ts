// What the extension's worker is asked to do, and what it answers. One function per kind of request.
import { parseSpec } from '../spec';
import type { Problem } from '../spec/types';
import type { ParsedSpec } from '../spec/types';
import { computePreview, type PreviewJob, type PreviewOutcome } from './pipeline';
import { computeComparison, computeGradientCheck, type AnalysisOutcome } from './analysisJobs';

export type WorkerRequest =
  | { id: number; kind: 'preview'; job: PreviewJob }
  | { id: number; kind: 'check'; job: PreviewJob }
  | { id: number; kind: 'parse'; job: PreviewJob }
  | { id: number; kind: 'compare' | 'gradcheck'; job: PreviewJob };

/** The answer to each kind of request; `error` is a bug (bad input comes back as problems). */
export type WorkerAnswer = {
  preview: PreviewOutcome;
  check: Problem[];
  parse: { spec?: ParsedSpec; problems: Problem[] };
  compare: AnalysisOutcome;
  gradcheck: AnalysisOutcome;
};

export type WorkerResponse = { id: number; answer: WorkerAnswer[keyof WorkerAnswer] } | { id: number; error: string };

function parseJob(job: PreviewJob) {
  return parseSpec(job.text, { baseDir: job.baseDir, fileName: job.fileName });
}

function answer(request: WorkerRequest): WorkerAnswer[keyof WorkerAnswer] {
  switch (request.kind) {
    case 'preview':
      return computePreview(request.job);
    case 'check':
      return parseJob(request.job).problems;
    case 'parse':
      return parseJob(request.job);
    case 'compare':
      return computeComparison(request.job);
    case 'gradcheck':
      return computeGradientCheck(request.job);
  }
}

export function handleWorkerRequest(request: WorkerRequest): WorkerResponse {
  try {
    return { id: request.id, answer: answer(request) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
