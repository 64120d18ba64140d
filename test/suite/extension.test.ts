// The extension inside a real VS Code: it activates on a spec, registers its commands, and its
// preview panel opens and closes as a webview tab.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'unroll-dev.unroll';
const PREVIEW_VIEW_TYPE = 'unroll.preview';

/** Polls until `probe` returns a truthy value; VS Code applies most changes a few ticks later. */
async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Preview tabs, in every group. A webview tab's viewType carries a prefix (e.g. `mainThreadWebview-`). */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes(PREVIEW_VIEW_TYPE));
}

/** The workspace's StatQuest spec when there is one, else the first spec. */
async function exampleSpec(): Promise<vscode.Uri> {
  const specs = await vscode.workspace.findFiles('**/*.rnn.json', '**/node_modules/**');
  assert.ok(specs.length > 0, 'the test workspace has no *.rnn.json file');
  specs.sort((a, b) => a.path.localeCompare(b.path));
  return specs.find((uri) => /statquest/.test(uri.path)) ?? specs[0];
}

async function openSpec(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(await exampleSpec());
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/** How many previews the extension's test API says are open, when it exposes one (a method or a getter). */
function previewCount(): number | undefined {
  const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { previews?: { count: number | (() => number) } } | undefined;
  const count = api?.previews?.count;
  return typeof count === 'function' ? count.call(api!.previews) : typeof count === 'number' ? count : undefined;
}

async function closePreviews(): Promise<void> {
  await vscode.window.tabGroups.close(previewTabs());
  await waitFor(() => previewTabs().length === 0, 'every preview tab to close');
}

describe('extension', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is installed', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among the extensions`);
  });

  it('activates when a .rnn.json file is opened', async () => {
    const editor = await openSpec();
    // jsonc, because the spec parser accepts comments and VS Code's json mode would flag them.
    assert.strictEqual(editor.document.languageId, 'unroll-spec');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => extension.isActive, 'the extension to activate');
    // isActive is also true after activate() threw; activate() then rethrows that error.
    await extension.activate();
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['unroll.openPreview', 'unroll.openPreviewToSide']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });
});

describe('preview panel', () => {
  afterEach(async () => {
    await closePreviews();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens as a webview tab titled after the spec', async () => {
    const editor = await openSpec();
    const specName = JSON.parse(editor.document.getText()).name as string;
    await vscode.commands.executeCommand('unroll.openPreview');
    await waitFor(() => previewTabs().length > 0, 'a preview tab');
    assert.strictEqual(previewTabs().length, 1, 'one command opened more than one preview');
    // The title follows the spec once the panel has parsed it, a moment after the tab appears.
    await waitFor(
      () => previewTabs()[0]?.label.includes(specName),
      `the tab label ("${previewTabs()[0]?.label}") to name the spec "${specName}"`,
      5_000,
    ).catch(() => assert.fail(`tab label "${previewTabs()[0]?.label}" does not name the spec "${specName}"`));
  });

  it('opens to the side of the editor', async () => {
    await openSpec();
    await vscode.commands.executeCommand('unroll.openPreviewToSide');
    const [tab] = await waitFor(() => (previewTabs().length > 0 ? previewTabs() : undefined), 'a preview tab');
    assert.notStrictEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'the preview opened over the editor, not beside it');
    const editorStillVisible = vscode.window.visibleTextEditors.some((e) => e.document.fileName.endsWith('.rnn.json'));
    assert.ok(editorStillVisible, 'the spec editor is no longer visible');
  });

  it('is disposed when its tab is closed', async () => {
    await openSpec();
    const openCount = previewCount();
    await vscode.commands.executeCommand('unroll.openPreview');
    await waitFor(() => previewTabs().length === 1, 'a preview tab');
    if (openCount !== undefined) assert.strictEqual(previewCount(), 1);

    await vscode.window.tabGroups.close(previewTabs());
    await waitFor(() => previewTabs().length === 0, 'the preview tab to close');
    if (openCount !== undefined) await waitFor(() => previewCount() === 0, 'the extension to forget the closed preview');
  });
});
