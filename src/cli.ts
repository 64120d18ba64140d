// Entry point of the `unroll` command (dist/cli.js, with a shebang). See src/cli/ for the commands.
// The commands are loaded with a dynamic import so that even a failure while loading a module (a broken bundle)
// ends as one "internal error" line and exit code 1, never as a stack trace.
import('./core')
  .then(({ cliMain, processIo }) => cliMain(process.argv.slice(2), processIo()))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`unroll: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.UNROLL_DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
      process.exitCode = 1;
    },
  );
