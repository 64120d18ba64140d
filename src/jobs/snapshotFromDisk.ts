// A snapshot read from the disk with node's fs, as the CLI reads files: for tests and benchmarks that run the
// worker's jobs in-process (the extension's host reads files its own way, under its rules).
import { nodeFileReader } from '../spec/index';
import { SpecFileError } from '../spec/files';
import { specFileRefs } from '../spec/fileRefs';
import type { SpecSnapshot } from './types';

export function snapshotFromText(text: string, options: { uri?: string; version?: number; baseDir?: string; fileName?: string } = {}): SpecSnapshot {
  const files: SpecSnapshot['files'] = {};
  const read = options.baseDir === undefined ? undefined : nodeFileReader(options.baseDir);
  for (const ref of specFileRefs(text)) {
    try {
      if (!read) throw new SpecFileError('ENOACCESS', 'no folder to read it from');
      files[ref.file] = read(ref.file, ref.maxBytes);
    } catch (error) {
      const code = error instanceof SpecFileError ? error.code : ((error as { code?: string }).code as SpecFileError['code'] | undefined);
      files[ref.file] = { refused: code ?? 'EIO', message: error instanceof Error ? error.message : String(error) };
    }
  }
  return { uri: options.uri ?? 'untitled:spec.rnn.json', version: options.version ?? 1, text, fileName: options.fileName, files };
}
