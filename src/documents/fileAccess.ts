// How the host reads a file a spec names. Two kinds: node's fs for local files in the desktop host (it can tell a
// device or a pipe from a file on the open handle), and vscode.workspace.fs for every other file system
// (remote, virtual, and the browser, where there is no node).
import * as vscode from 'vscode';
import { SpecFileError } from '../spec/files';

export interface FileStamp {
  /** modification time and size: an unchanged stamp means the cached bytes are still the file's */
  mtime: number;
  size: number;
}

export interface FileAccess {
  /** The bytes, unless `known` still matches (then undefined); throws SpecFileError. */
  read(uri: vscode.Uri, maxBytes: number, known?: FileStamp): Promise<{ stamp: FileStamp; bytes?: Uint8Array }>;
  /** The path with symbolic links resolved, to decide whether a file is inside the workspace; undefined where unknown. */
  realPath?(uri: vscode.Uri): Promise<string | undefined>;
}

/** vscode.workspace.fs: stat first (a folder or a special file is refused before reading), then read. */
export const workspaceFileAccess: FileAccess = {
  async read(uri, maxBytes, known) {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (error) {
      throw fileSystemError(uri, error);
    }
    if (stat.type & vscode.FileType.Directory) throw new SpecFileError('EISDIR', 'it is a folder');
    if (!(stat.type & vscode.FileType.File)) throw new SpecFileError('ENOTFILE', 'it is not a regular file');
    if (stat.size > maxBytes) throw new SpecFileError('EFBIG', `it has ${stat.size.toLocaleString('en-US')} bytes`);
    const stamp = { mtime: stat.mtime, size: stat.size };
    if (known && known.mtime === stamp.mtime && known.size === stamp.size) return { stamp };
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > maxBytes) throw new SpecFileError('EFBIG', `it has more than ${maxBytes.toLocaleString('en-US')} bytes`);
      return { stamp, bytes };
    } catch (error) {
      throw error instanceof SpecFileError ? error : fileSystemError(uri, error);
    }
  },
};

function fileSystemError(uri: vscode.Uri, error: unknown): SpecFileError {
  const code = error instanceof vscode.FileSystemError ? error.code : '';
  if (code === 'FileNotFound' || code === 'EntryNotFound') return new SpecFileError('ENOENT', 'no such file');
  if (code === 'FileIsADirectory' || code === 'EntryIsADirectory') return new SpecFileError('EISDIR', 'it is a folder');
  if (code === 'NoPermissions') return new SpecFileError('EACCES', 'permission denied');
  return new SpecFileError('EIO', `${uri.path.split('/').pop()} could not be read`);
}
