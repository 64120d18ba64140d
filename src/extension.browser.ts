// Wiring only, for the browser host (vscode.dev, github.dev, a browser-hosted code-server): the same features as
// src/extension.ts, with a Web Worker for the jobs and vscode.workspace.fs for every file. No Node here: the build
// fails if a Node built-in reaches this bundle (esbuild.mjs, noNodeBuiltins).
import * as vscode from 'vscode';
import { activateWith, type UnrollApi } from './activate';
import { workspaceFileAccess } from './documents/fileAccess';
import { webWorkerTransport } from './worker/webTransport';

export type { UnrollApi } from './activate';

export function activate(context: vscode.ExtensionContext): UnrollApi {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'worker.js');
  return activateWith(context, {
    transport: webWorkerTransport({
      read: () => Promise.resolve(vscode.workspace.fs.readFile(script)),
      // Only a script served from the page's own origin may start a Worker directly; anything else takes the Blob URL.
      directUrl: sameOrigin(script) ? script.toString(true) : undefined,
      name: 'unroll-jobs',
    }),
    fileAccess: () => workspaceFileAccess,
    // No home folder in a browser: new specs go to the first workspace folder, else the extension's own storage.
    home: vscode.workspace.workspaceFolders?.[0]?.uri ?? context.globalStorageUri,
  });
}

function sameOrigin(uri: vscode.Uri): boolean {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return (uri.scheme === 'http' || uri.scheme === 'https') && origin !== undefined && `${uri.scheme}://${uri.authority}` === origin;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
