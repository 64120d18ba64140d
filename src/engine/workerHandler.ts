// What the worker does with each request, kept free of Node imports so tests can drive it directly.
// Training runs in slices of at most `progressEveryMs` (whole minibatches: a slice ends after the first
// minibatch past its budget); between slices the handler yields to the event loop (setTimeout 0) so a 'cancel'
// message can arrive and be seen: a cancel waits for one minibatch at most.
import { gradientCheck } from './gradcheck';
import { run } from './run';
import { createTrainer } from './train';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

export function createWorkerHandler(post: (message: WorkerResponse) => void): (request: WorkerRequest) => Promise<void> {
  const cancelled = new Set<number>();
  const active = new Set<number>();

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'cancel') {
      if (active.has(request.id)) cancelled.add(request.id);
      return;
    }
    active.add(request.id);
    try {
      switch (request.type) {
        case 'run':
          post({ type: 'runResult', id: request.id, result: run(request.spec, request.options) });
          return;
        case 'gradientCheck':
          post({ type: 'gradientCheckResult', id: request.id, result: gradientCheck(request.spec, request.options) });
          return;
        case 'train':
          await trainInSlices(request);
          return;
      }
    } catch (error) {
      post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
    } finally {
      active.delete(request.id);
      cancelled.delete(request.id);
    }
  }

  async function trainInSlices(request: Extract<WorkerRequest, { type: 'train' }>): Promise<void> {
    const trainer = createTrainer(request.spec, request.options);
    const budgetMs = request.progressEveryMs ?? 100;
    let progress = trainer.progress;
    let reported = 0;
    while (progress.status === 'running' && !cancelled.has(request.id)) {
      const started = Date.now();
      do progress = trainer.stepBatches(1);
      while (progress.status === 'running' && Date.now() - started < budgetMs);
      // Only what is new: re-sending the whole history every slice would make a long run quadratic.
      const { loss, gradNorm, validationLoss } = trainer.history;
      const history = { from: reported, loss: loss.slice(reported), gradNorm: gradNorm.slice(reported), validationLoss: validationLoss.slice(reported) };
      post({ type: 'trainProgress', id: request.id, progress, history });
      reported = loss.length;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const result = { progress, history: trainer.history, weights: trainer.weights() };
    post({ type: 'trainResult', id: request.id, result, cancelled: cancelled.has(request.id) });
  }

  return handle;
}
