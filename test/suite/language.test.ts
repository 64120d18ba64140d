// The spec language in a real VS Code: a .rnn.json file opens as "Unroll Spec (JSON)", every problem is reported once
// (by Unroll, in its words, on the value; VS Code's JSON service does not check the file again), and completion,
// hover and formatting come from the spec's schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

async function settle<T>(what: string, probe: () => T | undefined | false, quietMs = 1500, timeoutMs = 20_000): Promise<T> {
  // Waits for a value, then for the diagnostics to stop changing (another service reporting late would show here).
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) {
      await new Promise((r) => setTimeout(r, quietMs));
      const again = probe();
      if (again) return again;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the spec language', function () {
  this.timeout(60_000);
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-language-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function open(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    return document;
  }

  const spec = (model: string) =>
    ['{', '  "version": 1,', `  "model": ${model},`, '  "data": { "sequences": [{ "inputs": [[0], [1]], "target": [1] }] }', '}', ''].join('\n');

  it('reports a schema error once, by Unroll, on the value', async () => {
    const document = await open('schema-error.rnn.json', spec('{ "cell": "rnn", "inputSize": "one", "hiddenSize": 2, "outputSize": 1 }'));
    assert.equal(document.languageId, 'unroll-spec');
    const diagnostics = await settle('the diagnostics', () => {
      const all = vscode.languages.getDiagnostics(document.uri);
      return all.length > 0 ? all : undefined;
    });
    assert.deepEqual(diagnostics.map((d) => d.source), ['unroll'], diagnostics.map((d) => `${d.source}: ${d.message}`).join('\n'));
    const value = document.getText().indexOf('"one"');
    assert.ok(diagnostics[0].range.isEqual(new vscode.Range(document.positionAt(value), document.positionAt(value + 5))));
  });

  it('reports a syntax error once, by Unroll', async () => {
    const document = await open('syntax-error.rnn.json', spec('{ "cell": "rnn" "inputSize": 1, "hiddenSize": 2, "outputSize": 1 }'));
    const diagnostics = await settle('the diagnostics', () => {
      const all = vscode.languages.getDiagnostics(document.uri);
      return all.length > 0 ? all : undefined;
    });
    assert.deepEqual(diagnostics.map((d) => d.source), ['unroll'], diagnostics.map((d) => `${d.source}: ${d.message}`).join('\n'));
    assert.match(diagnostics[0].message, /comma/i);
  });

  it('completes the cell from the schema, and says what a value means on hover', async () => {
    const document = await open('complete.rnn.json', spec('{ "cell": "rnn", "inputSize": 1, "hiddenSize": 2, "outputSize": 1 }'));
    const inCell = document.positionAt(document.getText().indexOf('"rnn"') + 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inCell);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('"lstm"') && labels.includes('"gru"'), labels.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, inCell);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /rnn/);
  });

  it('formats the document as JSON with comments', async () => {
    const document = await open('format.rnn.json', '{"version":1, // a comment\n"model":{"cell":"rnn"}}\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.length > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    await vscode.workspace.applyEdit(edit);
    assert.equal(document.getText(), '{\n  "version": 1, // a comment\n  "model": {\n    "cell": "rnn"\n  }\n}\n');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
