// The editor's language for .rnn.json files ("Unroll Spec (JSON)"): JSON with comments, coloured by VS Code's own
// JSON grammar, with completion, hover and formatting here and diagnostics from src/diagnostics. Its own language,
// not jsonc, so VS Code's JSON service does not check the file a second time in its own words: every problem is
// reported once, by Unroll, on the exact value.
import * as vscode from 'vscode';
import schema from '../../schema/rnn.schema.json';
import { format } from '../spec/jsonc';
import { completionsAt, type CompletionEntry } from './completion';
import { hoverAt } from './hover';
import type { SchemaNode } from './schemaAt';

export const SPEC_LANGUAGE = 'unroll-spec';
export const SPEC_SELECTOR: vscode.DocumentSelector = [{ language: SPEC_LANGUAGE }];

const SCHEMA = schema as SchemaNode;

function range(document: vscode.TextDocument, at: { offset: number; length: number }): vscode.Range {
  return new vscode.Range(document.positionAt(at.offset), document.positionAt(at.offset + at.length));
}

function toItem(document: vscode.TextDocument, entry: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, entry.kind === 'property' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value);
  item.insertText = new vscode.SnippetString(entry.insertText);
  item.range = range(document, entry.replace);
  // Typed after an opening quote, the filter text must start with one too.
  item.filterText = entry.kind === 'property' ? JSON.stringify(entry.label) : entry.label;
  if (entry.detail) item.detail = entry.detail;
  if (entry.documentation) item.documentation = new vscode.MarkdownString(entry.documentation);
  return item;
}

export function registerSpecLanguage(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      SPEC_SELECTOR,
      {
        provideCompletionItems: (document, position) => completionsAt(SCHEMA, document.getText(), document.offsetAt(position)).map((entry) => toItem(document, entry)),
      },
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(SPEC_SELECTOR, {
      provideHover(document, position) {
        const info = hoverAt(SCHEMA, document.getText(), document.offsetAt(position));
        return info && new vscode.Hover(new vscode.MarkdownString(info.markdown), range(document, info.range));
      },
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(SPEC_SELECTOR, {
      provideDocumentRangeFormattingEdits(document, selection, options) {
        const text = document.getText();
        const start = document.offsetAt(selection.start);
        const edits = format(text, { offset: start, length: document.offsetAt(selection.end) - start }, {
          tabSize: options.tabSize,
          insertSpaces: options.insertSpaces,
          eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
          // A file that ends with a newline keeps it.
          insertFinalNewline: /\r?\n$/.test(text),
        });
        return edits.map((edit) => vscode.TextEdit.replace(range(document, edit), edit.content));
      },
    }),
  );
}
