// The files specs name, read by the host for the worker under one rule, cached until they change on disk.
// The rule (README, "Where data files may come from"): a file is resolved relative to its spec; it is read if it
// lies inside a workspace folder (or the spec's own folder when no folder is open), and outside only in a trusted
// workspace. Restricted Mode therefore previews inline data and never reads anything outside the workspace.
import * as vscode from 'vscode';
import { SpecFileError } from '../spec/files';
import { specFileRefs, type SpecFileRef } from '../spec/fileRefs';
import { isInsideFolder } from '../spec/fileAccess';
import type { RefusedFile, SpecSnapshot } from '../jobs/types';
import type { FileAccess, FileStamp } from './fileAccess';

interface Cached {
  stamp: FileStamp;
  bytes: Uint8Array;
}

export class SpecFiles implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  /** file URI → its watcher and the specs that name it */
  private readonly watched = new Map<string, { watcher: vscode.Disposable; specs: Set<string> }>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<string[]>();
  /** Fires with the URIs of the specs whose files changed on disk. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(
    private readonly accessFor: (uri: vscode.Uri) => FileAccess,
    /** folders the extension itself ships (its examples), always readable */
    private readonly ownFolders: vscode.Uri[] = [],
  ) {}

  /** A spec document as the worker needs it: its text and the files it names, read or refused. */
  async snapshot(document: vscode.TextDocument): Promise<SpecSnapshot> {
    const text = document.getText();
    const files: SpecSnapshot['files'] = {};
    for (const ref of specFileRefs(text)) files[ref.file] = await this.readRef(document.uri, ref);
    return {
      uri: document.uri.toString(),
      version: document.version,
      text,
      fileName: document.uri.path,
      files,
    };
  }

  private async readRef(specUri: vscode.Uri, ref: SpecFileRef): Promise<Uint8Array | RefusedFile> {
    try {
      const target = resolveRef(specUri, ref.file);
      if (!target) throw new SpecFileError('ENOACCESS', 'this spec is not saved in a folder and no folder is open, so there is nowhere to look for it; save the spec next to the file');
      this.watch(target, specUri);
      const access = this.accessFor(target);
      if (!(await this.mayRead(specUri, target, access))) {
        throw new SpecFileError('EOUTSIDE', 'it is outside the workspace, and this workspace is not trusted (Restricted Mode); move the file into the workspace or trust the workspace');
      }
      const key = target.toString();
      const cached = this.cache.get(key);
      const { stamp, bytes } = await access.read(target, ref.maxBytes, cached?.stamp);
      if (bytes) this.cache.set(key, { stamp, bytes });
      return bytes ?? cached!.bytes;
    } catch (error) {
      const refused = error instanceof SpecFileError ? error : new SpecFileError('EIO', error instanceof Error ? error.message : String(error));
      return { refused: refused.code, message: refused.message };
    }
  }

  /** The rule (src/spec/fileAccess.ts says it for the CLI): inside a root as written, and once every link is resolved. */
  private async mayRead(specUri: vscode.Uri, target: vscode.Uri, access: FileAccess): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const roots = vscode.workspace.workspaceFolders?.map((f) => f.uri) ?? [parentOf(specUri)];
    for (const root of [...roots, ...this.ownFolders]) {
      if (root.scheme !== target.scheme || root.authority !== target.authority) continue;
      if (!access.realPath) {
        if (isInsideFolder(target.path, root.path)) return true;
        continue;
      }
      const realRoot = (await access.realPath(root)) ?? root.fsPath;
      if (!isInsideFolder(target.fsPath, root.fsPath) && !isInsideFolder(target.fsPath, realRoot)) continue;
      // A file that does not exist yet is inside as written; reading it then says it is missing.
      const realTarget = await access.realPath(target);
      if (realTarget === undefined || isInsideFolder(realTarget, realRoot)) return true;
    }
    return false;
  }

  private watch(file: vscode.Uri, spec: vscode.Uri): void {
    const key = file.toString();
    const entry = this.watched.get(key);
    if (entry) {
      entry.specs.add(spec.toString());
      return;
    }
    if (file.scheme === 'untitled') return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parentOf(file), file.path.split('/').pop() ?? ''));
    const specs = new Set([spec.toString()]);
    const changed = () => {
      this.cache.delete(key);
      this.onDidChangeEmitter.fire([...specs]);
    };
    this.watched.set(key, { watcher: vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)), specs });
  }

  /** A spec closed: stop watching the files only it named. */
  forget(spec: vscode.Uri): void {
    const name = spec.toString();
    for (const [key, entry] of this.watched) {
      entry.specs.delete(name);
      if (entry.specs.size > 0) continue;
      entry.watcher.dispose();
      this.watched.delete(key);
      this.cache.delete(key);
    }
  }

  dispose(): void {
    for (const entry of this.watched.values()) entry.watcher.dispose();
    this.watched.clear();
    this.cache.clear();
    this.onDidChangeEmitter.dispose();
  }
}

/** Where `file` (as written in the spec) is: relative to the spec's folder, or absolute; undefined if nowhere. */
export function resolveRef(specUri: vscode.Uri, file: string): vscode.Uri | undefined {
  const absolute = file.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(file);
  if (specUri.scheme === 'untitled') {
    // "New Spec from Example" makes untitled specs with a path; their data files are written as absolute paths.
    if (absolute) return vscode.Uri.file(file);
    const folder = specUri.path.includes('/') && specUri.path.startsWith('/') ? parentOf(vscode.Uri.file(specUri.path)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder && vscode.Uri.joinPath(folder, file);
  }
  if (absolute) return specUri.scheme === 'file' ? vscode.Uri.file(file) : specUri.with({ path: file.replace(/\\/g, '/') });
  return vscode.Uri.joinPath(parentOf(specUri), file);
}

export function parentOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}
