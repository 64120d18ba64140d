// Command-line grammar: `unroll <command> SPEC [options]`, parsed with node:util parseArgs (no dependency).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CommandName = 'check' | 'grad' | 'train' | 'gradcheck' | 'import' | 'export' | 'sample';
export const COMMANDS: readonly CommandName[] = ['check', 'grad', 'train', 'gradcheck', 'import', 'export', 'sample'];

type Options = NonNullable<ParseArgsConfig['options']>;

const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/** Options per command; every command also takes -h/--help. */
const COMMAND_OPTIONS = {
  check: { ...help, json: { type: 'boolean' } },
  grad: {
    ...help,
    json: { type: 'boolean' },
    vanishing: { type: 'string' },
    exploding: { type: 'string' },
    sequence: { type: 'string' },
    truncation: { type: 'string' },
  },
  train: { ...help, json: { type: 'boolean' }, epochs: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
  gradcheck: { ...help, json: { type: 'boolean' }, all: { type: 'boolean' }, epsilon: { type: 'string' }, tolerance: { type: 'string' }, budget: { type: 'string' } },
  import: { ...help, prefix: { type: 'string' }, head: { type: 'string' }, nonlinearity: { type: 'string' }, output: { type: 'string', short: 'o' } },
  export: { ...help, format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } },
  sample: {
    ...help,
    json: { type: 'boolean' },
    prime: { type: 'string' },
    length: { type: 'string' },
    temperature: { type: 'string' },
    seed: { type: 'string' },
    train: { type: 'boolean' },
    epochs: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  },
} as const satisfies Record<CommandName, Options>;

export type Invocation =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'version' }
  | { kind: 'command'; command: CommandName; file: string; values: Record<string, string | boolean | undefined> };

/** A mistake on the command line; `main` prints it with a hint and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

export function parseInvocation(argv: string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help' };
  if (!isCommand(first)) {
    const { values, positionals } = parseOrThrow(argv, { ...help, version: { type: 'boolean', short: 'V' } });
    if (values.version) return { kind: 'version' };
    if (values.help) return { kind: 'help' };
    throw new UsageError(`unknown command '${positionals[0]}' (expected one of: ${COMMANDS.join(', ')})`);
  }
  const command = first;
  const { values, positionals } = parseOrThrow(rest, COMMAND_OPTIONS[command], command);
  if (values.help) return { kind: 'help', command };
  const what = command === 'import' ? 'CHECKPOINT' : 'SPEC';
  if (positionals.length === 0) throw new UsageError(`missing ${what} file`, command);
  if (positionals.length > 1) throw new UsageError(`expected one ${what} file, got ${positionals.length}: ${positionals.join(' ')}`, command);
  return { kind: 'command', command, file: positionals[0], values: values as Record<string, string | boolean | undefined> };
}

function parseOrThrow(args: string[], options: Options, command?: CommandName) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs reports unknown options and missing values as TypeErrors with a readable message.
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

/** A numeric option: absent → undefined; present → a finite number within the bounds, or a UsageError. */
export function numberOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  { min, integer = false, exclusiveMin = false }: { min?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const value = Number(raw);
  const kind = integer ? 'an integer' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} expects ${kind}, got '${raw}'`);
  }
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    throw new UsageError(`--${name} must be ${exclusiveMin ? '>' : '≥'} ${min}, got ${raw}`);
  }
  return value;
}

/** A text option as given (an empty prefix is a valid answer), or undefined when absent. */
export function stringOption(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** An option that must be one of `choices`. */
export function choiceOption<T extends string>(values: Record<string, string | boolean | undefined>, name: string, choices: readonly T[]): T | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} expects ${choices.join(' or ')}, got '${raw}'`);
  return raw as T;
}
