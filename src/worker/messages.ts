// What crosses between the host and a worker, whatever the job: requests and cancels in; replies, failures and
// progress out. Plain data cloned by postMessage (structured clone, which keeps NaN, ±Infinity and typed arrays).
// The jobs themselves are typed by a JobMap (src/jobs/types.ts), so a request and its reply cannot disagree.

/** One kind of job: what it takes, what it answers, and what it reports while it runs. */
export interface JobSignature<Input, Output, Progress = never> {
  input: Input;
  output: Output;
  progress: Progress;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of signatures of any shape; each entry is typed where it is declared
export type JobMap = Record<string, JobSignature<any, any, any>>;

export type ToWorker =
  | { kind: 'request'; id: number; job: string; input: unknown }
  /** stop the job with this id at its next check; unknown ids are ignored */
  | { kind: 'cancel'; id: number };

export type FromWorker =
  /** `numbers`: the output's large tables of numbers, as bytes (numberTables.ts); `output` holds their markers */
  | { kind: 'reply'; id: number; output: unknown; numbers?: Float64Array }
  /** the job threw: a bug, or input the job could not handle; `message` is for a person, `detail` for a log */
  | { kind: 'failure'; id: number; message: string; detail?: string }
  | { kind: 'progress'; id: number; progress: unknown }
  /** the job saw a cancel and stopped; what it reached so far, if anything, is in `output` */
  | { kind: 'cancelled'; id: number; output?: unknown; numbers?: Float64Array };

/** How a request ended, as a value: the caller decides what each means for the user. */
export type Outcome<Output> =
  | { status: 'ok'; value: Output }
  /** the job threw (the message says why) or its worker died under it */
  | { status: 'failed'; message: string }
  /** cancelled by the caller; `partial` is what the job reached, when it could say */
  | { status: 'cancelled'; partial?: Output }
  /** a newer request with the same key took its place before it started */
  | { status: 'superseded' }
  /** no answer in time: the worker was stopped and replaced */
  | { status: 'timeout'; message: string };
