// Which documents have a locked preview, kept by the host in the workspace's storage. The lock is the host's to
// keep: the state a webview saves with setState did not always come back with a window reload in the browser
// workbench (the panel was revived with none, and so unlocked), so a revived preview asks here too.
import type * as vscode from 'vscode';

const KEY = 'unroll.lockedPreviews';

export class LockedPreviews {
  constructor(private readonly storage: vscode.Memento | undefined) {}

  has(uri: vscode.Uri): boolean {
    return this.list().includes(uri.toString());
  }

  /** Called when a preview is locked or unlocked, and when a locked one is closed (a reload closes none). */
  set(uri: vscode.Uri, locked: boolean): void {
    const others = this.list().filter((u) => u !== uri.toString());
    void this.storage?.update(KEY, locked ? [...others, uri.toString()] : others);
  }

  private list(): string[] {
    const stored = this.storage?.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((u): u is string => typeof u === 'string') : [];
  }
}
