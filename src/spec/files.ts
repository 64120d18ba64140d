// Files a spec names (a CSV, a text, a checkpoint) are read by whoever runs the parser, as bytes: the CLI with
// node's fs, the extension's host with its own rules (workspace, trust) before the job reaches the worker. The
// parser itself touches no file system, so it runs the same in Node, a worker and a browser.

/** Why a file could not be read; the spec layer turns each into a located problem. */
export type SpecFileErrorCode =
  | 'ENOENT' // no such file
  | 'EISDIR' // a folder
  | 'ENOTFILE' // a device, a pipe, a socket: not a regular file
  | 'EFBIG' // over the byte limit
  | 'EACCES' // permission denied
  | 'EOUTSIDE' // outside the folders this spec may read from
  | 'ENOACCESS' // this spec has nowhere to read files from (unsaved, or a browser without a workspace)
  | 'EIO'; // anything else

export class SpecFileError extends Error {
  constructor(
    readonly code: SpecFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SpecFileError';
  }
}

/**
 * Reads a file named in the spec (as written there: relative to the spec's folder, or absolute), refusing
 * anything over `maxBytes` without reading it whole. Throws a SpecFileError (or an error with a `code`).
 */
export type DataFileReader = (file: string, maxBytes: number) => Uint8Array;

const utf8 = new TextDecoder('utf-8');

/** File bytes as text: UTF-8, a byte-order mark dropped. */
export function decodeText(bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** File bytes as text, or undefined when they are not text: not UTF-8, or control characters other than tab and line breaks. */
export function decodeStrictText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what tells a binary file from text
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A reader over files already read (by the extension's host, or a test): a name it was not given is ENOENT. */
export function preloadedFiles(files: ReadonlyMap<string, Uint8Array | SpecFileError>): DataFileReader {
  return (file, maxBytes) => {
    const entry = files.get(file);
    if (entry === undefined) throw new SpecFileError('ENOENT', `${file}: not found`);
    if (entry instanceof SpecFileError) throw entry;
    if (entry.byteLength > maxBytes) throw new SpecFileError('EFBIG', `${file} is too large`);
    return entry;
  };
}

/** Text files for tests and inline use: the same reader over strings. */
export function textFiles(files: Record<string, string>): DataFileReader {
  const encoder = new TextEncoder();
  const map = new Map<string, Uint8Array>();
  for (const name of Object.keys(files)) map.set(name, encoder.encode(files[name]));
  return preloadedFiles(map);
}
