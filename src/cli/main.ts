// `unroll`: dispatch a command line to its command and turn every outcome into an exit code.
// Errors are values: usage and spec problems print one located line each and exit 2; only a bug exits 1.
import { version } from '../../package.json';
import { choiceOption, numberOption, parseInvocation, stringOption, UsageError, type Invocation } from './args';
import { helpText } from './help';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type Io } from './io';

export async function main(argv: string[], io: Io): Promise<number> {
  let invocation: Invocation | undefined;
  try {
    invocation = parseInvocation(argv);
    return await dispatch(invocation, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const command = error.command ?? (invocation?.kind === 'command' ? invocation.command : undefined);
      io.err(`unroll${command ? ` ${command}` : ''}: ${error.message}\n`);
      io.err(`Try 'unroll ${command ? `${command} ` : ''}--help'.\n`);
      return EXIT_USAGE;
    }
    // A bug in unroll or the engine: say so in one line (no stack trace for the user; UNROLL_DEBUG=1 shows it).
    const message = error instanceof Error ? error.message : String(error);
    io.err(`unroll: internal error: ${message}\n`);
    if (process.env.UNROLL_DEBUG && error instanceof Error && error.stack) io.err(error.stack + '\n');
    else io.err('(set UNROLL_DEBUG=1 for details, and please report it)\n');
    return EXIT_INTERNAL;
  }
}

async function dispatch(invocation: Invocation, io: Io): Promise<number> {
  switch (invocation.kind) {
    case 'help':
      io.out(helpText(invocation.command));
      return EXIT_OK;
    case 'version':
      io.out(`unroll ${version}\n`);
      return EXIT_OK;
    case 'command': {
      const { command, file, values } = invocation;
      const json = values.json === true;
      // Commands load the spec parser and the engine (with their dependencies) only when they run: --help stays instant.
      switch (command) {
        case 'check':
          return (await import('./check')).checkCommand(io, file, json);
        case 'grad': {
          const options = {
            json,
            vanishing: numberOption(values, 'vanishing', { min: 0, exclusiveMin: true }),
            exploding: numberOption(values, 'exploding', { min: 0, exclusiveMin: true }),
            sequence: numberOption(values, 'sequence', { min: 1, integer: true }),
            truncation: numberOption(values, 'truncation', { min: 1, integer: true }),
          };
          return (await import('./grad')).gradCommand(io, file, options);
        }
        case 'train': {
          const options = { json, quiet: values.quiet === true, epochs: numberOption(values, 'epochs', { min: 1, integer: true }) };
          return (await import('./train')).trainCommand(io, file, options);
        }
        case 'gradcheck': {
          const options = {
            json,
            all: values.all === true,
            epsilon: numberOption(values, 'epsilon', { min: 0, exclusiveMin: true }),
            tolerance: numberOption(values, 'tolerance', { min: 0, exclusiveMin: true }),
            // "none": every planned element on every sequence, however long it takes
            budget: values.budget === 'none' ? Infinity : numberOption(values, 'budget', { min: 0, exclusiveMin: true }),
          };
          return (await import('./gradcheck')).gradcheckCommand(io, file, options);
        }
        case 'import': {
          const options = {
            prefix: stringOption(values, 'prefix'),
            head: stringOption(values, 'head'),
            nonlinearity: choiceOption(values, 'nonlinearity', ['tanh', 'relu'] as const),
            output: stringOption(values, 'output'),
          };
          return (await import('./import')).importCommand(io, file, options);
        }
        case 'export': {
          const options = { format: stringOption(values, 'format'), output: stringOption(values, 'output') };
          return (await import('./export')).exportCommand(io, file, options);
        }
        case 'sample': {
          const options = {
            json,
            quiet: values.quiet === true,
            prime: typeof values.prime === 'string' ? values.prime : undefined,
            length: numberOption(values, 'length', { min: 0, integer: true }),
            temperature: numberOption(values, 'temperature', { min: 0 }),
            seed: numberOption(values, 'seed', { min: 0, integer: true }),
            train: values.train === true,
            epochs: numberOption(values, 'epochs', { min: 1, integer: true }),
          };
          return (await import('./sample')).sampleCommand(io, file, options);
        }
      }
    }
  }
}
