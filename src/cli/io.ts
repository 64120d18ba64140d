// Where the CLI writes. Commands receive this instead of touching `process`, so they can be run and tested in-process.

export interface Io {
  /** results: tables, JSON */
  out(text: string): void;
  /** diagnostics and progress */
  err(text: string): void;
  /** stderr is a terminal: draw a progress bar that redraws itself in place */
  errIsTTY: boolean;
  /** terminal width for bars, or undefined when not a terminal */
  columns?: number;
}

export function processIo(): Io {
  // `unroll grad x.rnn.json | head` closes stdout early: that is the reader's choice, not an error to report.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Exit codes: 0 = done; 1 = a bug in unroll (internal error); 2 = the user's input (usage, file, spec) is wrong. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
