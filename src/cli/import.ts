// `unroll import CHECKPOINT`: a PyTorch state dict (torch.save zip or .safetensors) as a spec that runs as is.
// The work is specFromCheckpoint's (shared with the editor's command); this file reads the file, writes the
// spec, and turns "choose one" into a usage message listing the --prefix or --head values to pass.
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { specFromCheckpoint, type ImportOptions } from '../spec/fromCheckpoint';
import { nodeFileReader } from '../spec/index';
import { LIMITS, LIMIT_REASONS } from '../spec/limits';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';

export interface ImportCommandOptions {
  prefix?: string;
  head?: string;
  nonlinearity?: ImportOptions['nonlinearity'];
  /** write the spec here instead of stdout */
  output?: string;
}

export function importCommand(io: Io, file: string, options: ImportCommandOptions): number {
  let bytes: Uint8Array;
  try {
    bytes = nodeFileReader(process.cwd())(file, LIMITS.checkpointBytes);
  } catch (error) {
    io.err(`unroll import: ${file}: ${describeError(error)}\n`);
    return EXIT_USAGE;
  }
  // The spec refers to the checkpoint only when the weights are too many to write out; then the path is relative
  // to where the spec will be.
  const reference = relative(options.output ? dirname(resolve(options.output)) : process.cwd(), resolve(file)).split(sep).join('/');
  const result = specFromCheckpoint(bytes, file, { prefix: options.prefix, head: options.head, nonlinearity: options.nonlinearity, reference });
  switch (result.kind) {
    case 'error':
      io.err(`unroll import: ${result.message}\n`);
      return EXIT_USAGE;
    case 'choose': {
      const flag = `--${result.what}`;
      const width = Math.max(...result.candidates.map((c) => shellQuote(c.value).length));
      io.err(`unroll import: ${file}: ${result.message}\n`);
      for (const candidate of result.candidates) io.err(`  ${flag} ${shellQuote(candidate.value).padEnd(width)}   ${candidate.description}\n`);
      return EXIT_USAGE;
    }
    case 'spec':
      for (const warning of result.warnings) io.err(`unroll import: warning: ${warning}\n`);
      if (options.output === undefined) {
        io.out(result.text);
        return EXIT_OK;
      }
      try {
        writeFileSync(options.output, result.text);
      } catch (error) {
        io.err(`unroll import: cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_USAGE;
      }
      io.err(`unroll import: wrote ${options.output}: ${result.summary}\n`);
      return EXIT_OK;
  }
}

function shellQuote(value: string): string {
  return /^[\w.\-/]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function describeError(error: unknown): string {
  switch ((error as { code?: string } | undefined)?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'a directory, not a checkpoint';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EFBIG':
      return `larger than the limit of ${LIMITS.checkpointBytes.toLocaleString('en-US')} bytes (${LIMIT_REASONS.checkpointBytes})`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
