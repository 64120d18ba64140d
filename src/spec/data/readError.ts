// A data file that could not be read, in words that say what to do about it (the CSV and text sources share it).

/** What kind of file it is and its size limit, for the message. */
export interface DataFileKind {
  /** "a CSV file", "a text file" */
  noun: string;
  maxBytes: number;
  reason: string;
}

export function describeReadError(file: string, error: unknown, kind: DataFileKind): string {
  switch ((error as { code?: string } | undefined)?.code) {
    case 'ENOENT':
      return `Cannot find "${file}": the path is relative to this spec's folder. Check the name, or put the file next to the spec.`;
    case 'EISDIR':
      return `"${file}" is a folder, not ${kind.noun}.`;
    case 'EACCES':
    case 'EPERM':
      return `"${file}" cannot be read: permission denied.`;
    case 'EFBIG':
      return `"${file}" is larger than the limit of ${kind.maxBytes.toLocaleString('en-US')} bytes: ${kind.reason}.`;
    default:
      return `"${file}" cannot be read: ${error instanceof Error ? error.message : String(error)}.`;
  }
}
