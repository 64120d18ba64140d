import type { JobSignature } from '../../../src/worker/messages';

export type TestJobs = {
  echo: JobSignature<{ text: string; numbers: number[] }, { text: string; numbers: number[] }>;
  mirror: JobSignature<unknown, unknown>;
  slowEcho: JobSignature<{ value: string; ms: number }, string>;
  fail: JobSignature<{ message: string }, never>;
  count: JobSignature<{ to: number; everyMs: number }, number, number>;
  spin: JobSignature<{ ms: number }, string>;
  crash: JobSignature<Record<string, never>, never>;
  threadId: JobSignature<Record<string, never>, number>;
};
