// Local files in the desktop host, read with node's fs so the file's kind is checked on the open handle: a
// device (/dev/zero), a pipe or a socket is refused without reading, and a swap between a check and the open
// cannot slip through. Reads at most maxBytes + 1 bytes whatever the file claims its size is.
import { constants, promises as fs } from 'node:fs';
import type * as vscode from 'vscode';
import { SpecFileError } from '../spec/files';
import type { FileAccess } from './fileAccess';

export const nodeFileAccess: FileAccess = {
  async read(uri, maxBytes, known) {
    let handle: fs.FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
      handle = await fs.open(uri.fsPath, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      throw nodeError(error);
    }
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw new SpecFileError('EISDIR', 'it is a folder');
      if (!stat.isFile()) throw new SpecFileError('ENOTFILE', 'it is not a regular file (a device, a pipe or a socket)');
      if (stat.size > maxBytes) throw new SpecFileError('EFBIG', `it has ${stat.size.toLocaleString('en-US')} bytes`);
      const stamp = { mtime: stat.mtimeMs, size: stat.size };
      if (known && known.mtime === stamp.mtime && known.size === stamp.size) return { stamp };
      const buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) throw new SpecFileError('EFBIG', `it has more than ${maxBytes.toLocaleString('en-US')} bytes`);
      return { stamp, bytes: buffer.subarray(0, length) };
    } catch (error) {
      throw error instanceof SpecFileError ? error : nodeError(error);
    } finally {
      await handle.close();
    }
  },
  async realPath(uri: vscode.Uri) {
    try {
      return await fs.realpath(uri.fsPath);
    } catch {
      return undefined;
    }
  },
};

function nodeError(error: unknown): SpecFileError {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new SpecFileError('ENOENT', 'no such file');
    case 'EISDIR':
      return new SpecFileError('EISDIR', 'it is a folder');
    case 'EACCES':
    case 'EPERM':
      return new SpecFileError('EACCES', 'permission denied');
    default:
      return new SpecFileError('EIO', error instanceof Error ? error.message : String(error));
  }
}
