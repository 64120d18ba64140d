// Problems of open .rnn.json documents as VS Code diagnostics: checked on open, after each edit (debounced by
// unroll.preview.debounceMs) and when a data file is saved; cleared on close. The checking itself happens in
// the extension's worker, so a large CSV or a heavy formula never blocks typing.
import * as vscode from 'vscode';
import type { Problem, Severity } from '../spec/types';
import type { PreviewRunner } from '../preview/previewRunner';
import { documentJob } from '../preview/documentJob';
import { isSpecDocument } from './specDocuments';

export const DIAGNOSTIC_SOURCE = 'unroll';
const DEFAULT_DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class SpecDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The problems behind each document's diagnostics, for the quick fixes, stamped with the version they describe. */
  private readonly checked = new Map<string, { version: number; problems: Problem[] }>();
  /** Callers waiting for the next delivered check of a document (quick fixes asked for before it arrived). */
  private readonly waiters = new Map<string, ((problems: Problem[]) => void)[]>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly runner: PreviewRunner) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      // A spec reads its csv on every check; when a data file is saved, open specs may have changed meaning.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (!isSpecDocument(document)) for (const spec of vscode.workspace.textDocuments) void this.check(spec);
      }),
    );
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** The problems of the document as it is now (from the last check if the document has not changed since). */
  async problemsFor(document: vscode.TextDocument): Promise<Problem[]> {
    if (!isSpecDocument(document)) return [];
    const cached = this.checked.get(document.uri.toString());
    if (cached && cached.version === document.version) return cached.problems;
    return this.check(document);
  }

  /** Check now and publish; resolves with the problems of the newest check delivered. */
  check(document: vscode.TextDocument): Promise<Problem[]> {
    if (this.disposed || !isSpecDocument(document)) return Promise.resolve([]);
    const key = document.uri.toString();
    this.cancel(key);
    const job = documentJob(document);
    const done = new Promise<Problem[]>((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]));
    this.runner.check(`diagnostics:${key}`, job, (problems) => {
      const waiting = this.waiters.get(key) ?? [];
      this.waiters.delete(key);
      if (!this.disposed && !document.isClosed) {
        this.checked.set(key, { version: job.version, problems });
        this.collection.set(document.uri, problems.map((problem) => toDiagnostic(document, problem)));
      }
      for (const resolve of waiting) resolve(problems);
    });
    return done;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.checked.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (this.disposed || !isSpecDocument(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    const delay = vscode.workspace.getConfiguration('unroll', document.uri).get<number>('preview.debounceMs', DEFAULT_DEBOUNCE_MS);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) void this.check(document);
    }, Math.max(0, Number.isFinite(delay) ? delay : DEFAULT_DEBOUNCE_MS));
    this.timers.set(key, timer);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.checked.delete(key);
    this.collection.delete(uri);
    this.runner.release(`diagnostics:${key}`);
    for (const resolve of this.waiters.get(key) ?? []) resolve([]);
    this.waiters.delete(key);
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }
}

export function problemRange(document: vscode.TextDocument, problem: Pick<Problem, 'offset' | 'length'>): vscode.Range {
  return new vscode.Range(document.positionAt(problem.offset), document.positionAt(problem.offset + problem.length));
}

function toDiagnostic(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(problemRange(document, problem), problem.message, SEVERITY[problem.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}
