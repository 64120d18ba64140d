// Where the files a spec names may come from. One rule, for data files and checkpoints alike:
//   a path is relative to the spec's folder (or absolute), and the file must be inside the root: the workspace
//   folder the spec belongs to, or the spec's own folder when there is no workspace. "Inside" is decided twice:
//   on the path as written (so "../../etc/passwd" is refused whether or not it exists) and on the real path, every
//   symlink resolved (so a link in the folder that points out of it is refused too).
//   Outside the root a file is read only when `allowOutside` is set: the CLI (a user runs it on purpose, on a
//   spec they chose) and a trusted workspace. A spec opened in Restricted Mode reads nothing outside.
// Pure: paths are strings, and resolving symlinks is the caller's `realPath` (node's realpathSync in the CLI and
// the worker, a fake in tests). Windows paths (C:\…, \\server\share\…) are compared without regard to case.

export interface FilePlace {
  /** the spec's folder: relative paths start here */
  baseDir: string;
  /** the folder every file must be inside (unless allowOutside) */
  root: string;
  allowOutside: boolean;
}

export type AccessDecision =
  /** `path`: the file to open, absolute; its symlinks resolved when the rule had to check them */
  | { ok: true; path: string }
  | { ok: false; path: string; code: 'EOUTSIDE' };

/**
 * May the file a spec names as `file` be read? `realPath` resolves every symlink of an existing path and throws
 * (an error with code ENOENT) for a missing one; it is only called for paths inside the root as written.
 */
export function checkFileAccess(file: string, place: FilePlace, realPath: (path: string) => string): AccessDecision {
  const path = resolvePath(place.baseDir, file);
  if (place.allowOutside) return { ok: true, path };
  const root = resolvePath(place.root, '.');
  const realRoot = realPath(root);
  if (!isInsideFolder(path, root) && !isInsideFolder(path, realRoot)) return { ok: false, path, code: 'EOUTSIDE' };
  const real = realPath(path);
  return isInsideFolder(real, realRoot) ? { ok: true, path: real } : { ok: false, path, code: 'EOUTSIDE' };
}

/** `file` against `baseDir` (unless absolute), with "." and ".." segments resolved as written, not followed. */
export function resolvePath(baseDir: string, file: string): string {
  const windows = isWindowsPath(baseDir) || isWindowsPath(file);
  const absolute = windows ? /^([A-Za-z]:)?[\\/]|^\\\\/.test(file) || /^[A-Za-z]:/.test(file) : file.startsWith('/');
  const joined = absolute ? file : `${baseDir}${windows ? '\\' : '/'}${file}`;
  return normalize(joined, windows);
}

/** Whether `path` is `folder` or below it; both absolute and normalised (as resolvePath returns them). */
export function isInsideFolder(path: string, folder: string): boolean {
  const windows = isWindowsPath(folder) || isWindowsPath(path);
  const a = split(windows ? path.toLowerCase() : path, windows);
  const b = split(windows ? folder.toLowerCase() : folder, windows);
  if (a.root !== b.root || a.parts.length < b.parts.length) return false;
  return b.parts.every((part, i) => a.parts[i] === part);
}

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:([\\/]|$)/.test(path) || path.startsWith('\\\\');
}

function normalize(path: string, windows: boolean): string {
  const { root, parts } = split(path, windows);
  const kept: string[] = [];
  for (const part of parts) {
    if (part === '..') kept.pop();
    else kept.push(part);
  }
  const separator = windows ? '\\' : '/';
  return root + kept.join(separator);
}

/** The root ("/", "C:\", "\\server\share\") and the segments after it, "." and empty ones dropped. */
function split(path: string, windows: boolean): { root: string; parts: string[] } {
  let root = '';
  let rest = path;
  if (windows) {
    const unc = /^\\\\[^\\/]+[\\/][^\\/]+/.exec(path);
    const drive = /^[A-Za-z]:/.exec(path);
    if (unc) root = unc[0].replace(/\//g, '\\') + '\\';
    else if (drive) root = drive[0].toUpperCase() + '\\';
    else if (/^[\\/]/.test(path)) root = '\\';
    rest = path.slice(unc ? unc[0].length : drive ? drive[0].length : 0);
  } else if (path.startsWith('/')) {
    root = '/';
  }
  const parts = rest.split(windows ? /[\\/]+/ : /\/+/).filter((part) => part !== '' && part !== '.');
  return { root, parts };
}
