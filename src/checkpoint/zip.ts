// The zip container of torch.save (PyTorch ≥ 1.6), read with fflate: a small, dependency-free, well-tested
// reader that runs unchanged in Node, a worker and a browser. We only ever ask it for entries by name, after
// checking their declared sizes, so a zip bomb or a lying directory cannot make us allocate more than the limit.
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { CheckpointError, corrupt } from './errors';

export interface ZipEntry {
  name: string;
  /** uncompressed size, as the central directory declares it */
  size: number;
  /** 0 = stored (what torch.save writes), 8 = deflated */
  compression: number;
}

/** Deflate never expands more than about 1032 : 1, so a small file can never make us allocate much. */
const MAX_DEFLATE_RATIO = 1032;

/** More entries than any state dict has (one per tensor storage, plus a few). */
const MAX_ENTRIES = 100_000;

/** The entries' names and sizes, without decompressing anything. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  unzip(bytes, (file) => {
    if (entries.length >= MAX_ENTRIES) throw new CheckpointError('limit', `This zip file has more than ${MAX_ENTRIES.toLocaleString('en-US')} entries; a state dict has one per tensor.`);
    entries.push({ name: file.name, size: file.originalSize, compression: file.compression });
    return false;
  });
  return entries;
}

/**
 * The named entries' bytes. Refuses, before reading anything, an entry declared larger than `maxBytes` (or all of
 * them together), and afterwards one whose bytes do not match its declared size (a truncated file).
 */
export function readZipEntries(bytes: Uint8Array, names: ReadonlySet<string>, maxBytes: number): Map<string, Uint8Array> {
  let total = 0;
  let seen = 0;
  const files = unzip(bytes, (file) => {
    if (++seen > MAX_ENTRIES) throw new CheckpointError('limit', `This zip file has more than ${MAX_ENTRIES.toLocaleString('en-US')} entries; a state dict has one per tensor.`);
    if (!names.has(file.name)) return false;
    total += file.originalSize;
    if (total > maxBytes) {
      throw new CheckpointError('limit', `${file.name} in this checkpoint declares ${file.originalSize.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} Unroll reads.`);
    }
    if (file.compression !== 0 && file.compression !== 8) throw corrupt(`${file.name} in this checkpoint is compressed with method ${file.compression}, which Unroll does not read.`);
    if (file.compression === 8 && file.originalSize > file.size * MAX_DEFLATE_RATIO + 1024) {
      throw corrupt(`${file.name} in this checkpoint declares ${file.originalSize.toLocaleString('en-US')} bytes from ${file.size.toLocaleString('en-US')} compressed ones, more than deflate can produce: the file is damaged or hostile.`);
    }
    return true;
  });
  const found = new Map<string, Uint8Array>();
  for (const name of names) {
    const data = files.get(name);
    if (data === undefined) continue;
    found.set(name, data.bytes);
    if (data.bytes.length !== data.declared) {
      throw corrupt(`${name} in this checkpoint should have ${data.declared.toLocaleString('en-US')} bytes but has ${data.bytes.length.toLocaleString('en-US')}: the file is truncated or damaged.`);
    }
  }
  return found;
}

function unzip(bytes: Uint8Array, filter: (file: UnzipFileInfo) => boolean): Map<string, { bytes: Uint8Array; declared: number }> {
  const declared = new Map<string, number>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        const keep = filter(file);
        if (keep) declared.set(file.name, file.originalSize);
        return keep;
      },
    });
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw corrupt(`This checkpoint is not a readable zip archive (${error instanceof Error ? error.message : String(error)}): the file is truncated or damaged. Save it again with torch.save.`);
  }
  const result = new Map<string, { bytes: Uint8Array; declared: number }>();
  for (const [name, size] of declared) if (files[name]) result.set(name, { bytes: files[name], declared: size });
  return result;
}
