// What every integration suite needs from the running extension host: the extension's API, a poll with a
// deadline, an example opened from the test workspace, and an in-memory edit undone.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { UnrollApi } from '../../src/extension';

export const EXTENSION_ID = 'unroll-dev.unroll';

export async function api(): Promise<UnrollApi> {
  const extension = vscode.extensions.getExtension<UnrollApi>(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  return extension.isActive ? extension.exports : extension.activate();
}

/** Polls `probe` every 50 ms until it gives a truthy value, or throws after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openExample(name: string): Promise<vscode.TextEditor> {
  const [uri] = await vscode.workspace.findFiles(`**/${name}.rnn.json`);
  assert.ok(uri, `example ${name} is not in the test workspace`);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
}

export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
