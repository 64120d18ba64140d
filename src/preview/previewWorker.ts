// The extension's worker thread: the host hands it spec text and gets back what to show, so the
// editor never waits for forward + BPTT, a comparison or a gradient check.
import { parentPort } from 'node:worker_threads';
import { computePreview, type PreviewJob, type PreviewOutcome } from './pipeline';
import { computeComparison, computeGradientCheck, type AnalysisOutcome } from './analysisJobs';

export type WorkerRequest =
  | { id: number; kind: 'preview'; job: PreviewJob }
  | { id: number; kind: 'compare' | 'gradcheck'; job: PreviewJob };

export type WorkerResponse =
  | { id: number; outcome: PreviewOutcome }
  | { id: number; analysis: AnalysisOutcome }
  | { id: number; error: string };

function handle(request: WorkerRequest): WorkerResponse {
  switch (request.kind) {
    case 'preview':
      return { id: request.id, outcome: computePreview(request.job) };
    case 'compare':
      return { id: request.id, analysis: computeComparison(request.job) };
    case 'gradcheck':
      return { id: request.id, analysis: computeGradientCheck(request.job) };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = handle(request);
  } catch (error) {
    // A bug, not bad input (bad input comes back as problems): report it rather than kill the worker.
    response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(response);
});
