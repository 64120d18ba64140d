// What the worker does for each job. The same table serves over worker_threads and a Web Worker.
import { computePreview } from './preview';
import type { JobHandlers } from '../worker/serve';
import { compareJob, exportPytorchJob, gradientCheckJob } from './analysis';
import { parseSnapshot, snapshotFixes } from './specInput';
import { trainJob } from './training';
import { sampleJob, textInfoJob } from './sample';
import { specFromCheckpoint } from '../spec/fromCheckpoint';
import type { UnrollJobs } from './types';

export const JOB_HANDLERS: JobHandlers<UnrollJobs> = {
  preview: computePreview,
  check: (snapshot) => parseSnapshot(snapshot, 'lazy').problems,
  fixes: ({ spec, fixKey }) => snapshotFixes(spec, fixKey),
  compare: compareJob,
  gradcheck: gradientCheckJob,
  train: trainJob,
  importCheckpoint: (input) => specFromCheckpoint(input.bytes, input.fileName, input.options),
  exportPytorch: exportPytorchJob,
  textInfo: textInfoJob,
  sample: sampleJob,
};
