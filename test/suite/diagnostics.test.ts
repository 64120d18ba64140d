// Inside a real VS Code: a wrong value in a .rnn.json file becomes a diagnostic on exactly that value, and its quick fix
// is an ordinary (undoable) edit. Assertions poll, because diagnostics arrive after a debounce.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SOURCE = 'unroll';

async function poll<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function unrollDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function rangeOf(document: vscode.TextDocument, snippet: string): vscode.Range {
  const offset = document.getText().indexOf(snippet);
  assert.ok(offset >= 0, `${snippet} is in the document`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + snippet.length));
}

describe('spec diagnostics in the editor', function () {
  this.timeout(60_000);
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-diagnostics-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('puts a misspelt cell on the value, and its quick fix is an undoable edit', async () => {
    const text = [
      '{',
      '  "version": 1,',
      '  // comments are fine',
      '  "model": { "cell": "lstn", "inputSize": 1, "hiddenSize": 2, "outputSize": 1 },',
      '  "data": { "sequences": [{ "inputs": [[0], [1]], "target": [1] }] },',
      '}',
      '',
    ].join('\n');
    const file = path.join(folder, 'typo.rnn.json');
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const expected = rangeOf(document, '"lstn"');
    const diagnostic = await poll('a diagnostic on "lstn"', () => unrollDiagnostics(uri).find((d) => d.range.isEqual(expected)));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /Did you mean "lstm"/);
    assert.equal(unrollDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 1);

    // Without a kind filter: with one, code-server 1.100 cancels the request.
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, expected);
    const fix = actions.find((a): a is vscode.CodeAction => a.title === 'Change to "lstm"');
    assert.ok(fix, `a "Change to "lstm"" quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(fix.edit, 'the fix is a WorkspaceEdit');
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);

    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), text.replace('"lstn"', '"lstm"'));
    await poll('the error to go away', () => unrollDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) || undefined);

    // Undo takes the fix back, as it would from Ctrl+Z.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await poll('undo to restore the text', () => document.getText() === text || undefined);
    await poll('the error to come back', () => unrollDiagnostics(uri).find((d) => d.range.isEqual(expected)));
  });

  it('puts a weight of the wrong shape on the weight, and offers the seeded default', async () => {
    const text = JSON.stringify(
      {
        version: 1,
        model: { cell: 'rnn', inputSize: 1, hiddenSize: 2, outputSize: 1, weights: { weight_hh_l0: [[0.5, 0.1, 0.2], [0, 0.5, 0.3]] } },
        data: { sequences: [{ inputs: [[0], [1]], target: [1] }] },
      },
      null,
      2,
    );
    const file = path.join(folder, 'shape.rnn.json');
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const diagnostic = await poll('a shape diagnostic', () => unrollDiagnostics(uri).find((d) => d.code === 'shape'));
    assert.match(diagnostic.message, /weight_hh_l0 must be 2×2 \(hiddenSize × hiddenSize\), found 2×3/);
    // The range is the matrix itself, from its [ to its ].
    assert.equal(document.offsetAt(diagnostic.range.start), text.indexOf('[', text.indexOf('"weight_hh_l0"')));
    assert.deepEqual(JSON.parse(document.getText(diagnostic.range)), [[0.5, 0.1, 0.2], [0, 0.5, 0.3]]);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => /seeded default/.test(a.title));
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /"init": \{\n\s+"scheme": "pytorch",\n\s+"seed": 0\n\s+\}/);
    await poll('no more errors', () => unrollDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) || undefined);
  });

  it('checks an edit after the debounce, without saving', async () => {
    const text = '{\n  "version": 1,\n  "model": { "cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1 },\n  "data": { "sequences": [{ "inputs": [[0]], "target": [0] }] }\n}\n';
    const file = path.join(folder, 'edit.rnn.json');
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await poll('the first check', () => unrollDiagnostics(uri).length === 0 || undefined);

    const hidden = rangeOf(document, '"hiddenSize": 1');
    await editor.edit((edit) => edit.replace(hidden, '"hiddenSize": 0'));
    const zero = document.positionAt(document.getText().indexOf('"hiddenSize": 0') + '"hiddenSize": '.length);
    const expected = new vscode.Range(zero, zero.translate(0, 1));
    const diagnostic = await poll('a diagnostic on 0', () => unrollDiagnostics(uri).find((d) => d.range.isEqual(expected)));
    assert.match(diagnostic.message, /hiddenSize must be ≥ 1/);
  });
});

describe('new spec from example', function () {
  this.timeout(60_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the picked example as an unsaved .rnn.json document that parses cleanly', async () => {
    // The QuickPick is answered by replacing showQuickPick for the duration of the test.
    const window = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
    const original = window.showQuickPick;
    let offered: vscode.QuickPickItem[] = [];
    window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      offered = [...(await items)];
      return offered.find((item) => item.description === 'stock-prices.rnn.json');
    }) as unknown as typeof vscode.window.showQuickPick;
    try {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('unroll.newSpecFromExample');
      assert.ok(offered.length >= 9, `examples offered: ${offered.map((i) => i.description).join(', ')}`);
      assert.ok(offered.every((item) => typeof item.detail === 'string' && item.detail.length > 20), 'each example shows its one-line description');
      const document = editor?.document ?? vscode.window.activeTextEditor!.document;
      assert.equal(document.uri.scheme, 'untitled');
      assert.ok(document.uri.path.endsWith('.rnn.json'));
      assert.equal(document.languageId, 'unroll-spec');
      assert.ok(document.isDirty);
      await poll('the example to be checked with no errors', () => {
        const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE);
        return document.getText().includes('"csv"') && diagnostics.every((d) => d.severity !== vscode.DiagnosticSeverity.Error) ? diagnostics : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const errors = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => d.message), []);
      // Unsaved: close it without the "save changes?" prompt.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      window.showQuickPick = original;
    }
  });
});
