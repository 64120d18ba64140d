import type * as vscode from 'vscode';
import { baseDirFor } from '../diagnostics/specDocuments';
import type { PreviewJob } from './pipeline';

/** The worker's view of a document: its text and where its relative data files live. */
export function documentJob(document: vscode.TextDocument, extra: Partial<PreviewJob> = {}): PreviewJob {
  return {
    uri: document.uri.toString(),
    version: document.version,
    text: document.getText(),
    baseDir: baseDirFor(document.uri),
    fileName: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    ...extra,
  };
}
