// A data file that could not be read, in words that say what to do about it (the CSV and text sources share it).

/** What kind of file it is and its size limit, for the message. */
export interface DataFileKind {
  /** "a CSV file", "a text file" */
  noun: string;
  maxBytes: number;
  reason: string;
}

/** Never a system error's own text: it can carry paths and details of a file the spec was not meant to read. */
export function describeReadError(file: string, error: unknown, kind: DataFileKind): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `Cannot find "${file}": the path is relative to this spec's folder. Check the name, or put the file next to the spec.`;
    case 'EISDIR':
      return `"${file}" is a folder, not ${kind.noun}.`;
    case 'ENOTFILE':
      return `"${file}" is not a regular file (a device, a pipe or a socket): ${kind.noun} is read from a regular file.`;
    case 'EOUTSIDE':
      return `"${file}" is outside the workspace, so it is not read: a spec reads data files from inside its workspace (or its own folder when there is no workspace), and from anywhere only in a trusted workspace or from the command line.`;
    case 'ENOACCESS':
      return `"${file}" cannot be read: this spec is not saved in a folder and no folder is open, so there is nowhere to look for it. Save the spec next to the file.`;
    case 'EACCES':
    case 'EPERM':
      return `"${file}" cannot be read: permission denied.`;
    case 'EFBIG':
      return `"${file}" is larger than the limit of ${kind.maxBytes.toLocaleString('en-US')} bytes: ${kind.reason}.`;
    default:
      return `"${file}" cannot be read${code ? ` (${code})` : ''}.`;
  }
}
