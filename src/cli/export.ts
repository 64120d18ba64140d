// `unroll export SPEC --format pytorch [-o FILE.py]`: the spec as a PyTorch script that reproduces it.
import { writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { version } from '../../package.json';
import { pytorchScript } from '../export/pytorch';
import { UsageError } from './args';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { loadSpecReporting } from './load';

export interface ExportOptions {
  format?: string;
  /** the file to write; stdout when absent */
  output?: string;
}

export const EXPORT_FORMATS = ['pytorch'] as const;

export function exportCommand(io: Io, file: string, options: ExportOptions): number {
  const format = options.format ?? 'pytorch';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format}: unknown format (expected one of: ${EXPORT_FORMATS.join(', ')})`, 'export');
  }
  const spec = loadSpecReporting(io, file);
  if (!spec) return EXIT_USAGE;

  const specFolder = dirname(resolve(file));
  const output = options.output;
  // The script finds the spec's data files from its own folder: with -o we know where that is; on stdout the
  // script is assumed to be saved next to the spec (its --data-dir option says otherwise).
  const scriptFolder = output === undefined ? specFolder : dirname(resolve(output));
  const script = pytorchScript(spec, {
    specFile: file.split(sep).join('/'),
    scriptName: output === undefined ? `${basename(file).replace(/\.rnn\.json$|\.json$/, '')}.py` : basename(output),
    dataDir: dataDirFrom(scriptFolder, specFolder),
    version,
  });
  if (output === undefined) {
    io.out(script);
    return EXIT_OK;
  }
  try {
    writeFileSync(output, script);
  } catch (error) {
    io.err(`unroll export: cannot write ${output}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
  io.err(`wrote ${output}\n`);
  return EXIT_OK;
}

/** The spec's folder as the script should name it: relative to the script's folder (POSIX separators), or
 *  absolute when there is no relative path (another drive). */
function dataDirFrom(scriptFolder: string, specFolder: string): string {
  const path = relative(scriptFolder, specFolder);
  if (path === '') return '.';
  return isAbsolute(path) ? specFolder.split(sep).join('/') : path.split(sep).join('/');
}
