// One run: forward over every sequence, loss, full (or truncated) BPTT, and everything the views show.
import { backwardAll } from './backward';
import { forwardAll } from './forward';
import { buildRunResult } from './result';
import type { EngineSpec, RunOptions, RunResult } from './types';
import { createWorkspace, releaseWorkspace } from './workspace';

export function run(spec: EngineSpec, options: RunOptions = {}): RunResult {
  const ws = createWorkspace(spec);
  try {
    const loss = forwardAll(ws);
    backwardAll(ws, options.truncation ?? spec.training?.truncation);
    return buildRunResult(ws, loss, options);
  } finally {
    releaseWorkspace(ws); // the result holds copies: the next run (the preview's next keystroke) reuses the memory
  }
}
