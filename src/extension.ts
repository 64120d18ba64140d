// Wiring only: every feature lives in its own module and receives what it needs. The desktop (Node) host;
// the browser's entry wires the same features with a Web Worker and vscode.workspace.fs.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateWith, type UnrollApi } from './activate';
import { nodeFileAccess } from './documents/nodeFileAccess';
import { workspaceFileAccess } from './documents/fileAccess';
import { nodeWorkerTransport } from './worker/nodeTransport';

export type { UnrollApi } from './activate';

export function activate(context: vscode.ExtensionContext): UnrollApi {
  return activateWith(context, {
    transport: nodeWorkerTransport(path.join(context.extensionPath, 'dist', 'worker.js')),
    // Local files through node (it can tell a device or a pipe from a file on the open handle); the rest through VS Code.
    fileAccess: (uri) => (uri.scheme === 'file' ? nodeFileAccess : workspaceFileAccess),
    home: vscode.Uri.file(os.homedir()),
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
