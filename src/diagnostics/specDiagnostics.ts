// Problems of open .rnn.json documents as VS Code diagnostics: checked on open, after each edit (delayed by
// unroll.diagnostics.delayMs) and when a file the spec names changes; cleared on close. The checking itself
// happens in the extension's worker, so a large CSV or a heavy formula never blocks typing.
import * as vscode from 'vscode';
import type { Problem, ProblemFix, Severity } from '../spec/types';
import type { Jobs } from '../jobs/jobs';
import type { SpecFiles } from '../documents/specFiles';
import { isSpecDocument } from '../documents/specDocuments';
import { diagnosticsDelayMs } from './delaySetting';

export const DIAGNOSTIC_SOURCE = 'unroll';

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

  constructor(
    private readonly jobs: Jobs,
    private readonly files: SpecFiles,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      // A file a spec names changed on disk (a CSV saved, a checkpoint written again): the spec may mean something else.
      files.onDidChange((specs) => {
        for (const document of vscode.workspace.textDocuments) if (specs.includes(document.uri.toString())) void this.check(document);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const document of vscode.workspace.textDocuments) void this.check(document);
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

  /** A problem's quick fixes: worked out in the worker when asked for (a check only says that there are some). */
  async fixesFor(document: vscode.TextDocument, problem: Problem): Promise<ProblemFix[]> {
    if (problem.fixes) return problem.fixes;
    if (!problem.fixKey) return [];
    const spec = await this.files.snapshot(document);
    const outcome = await this.jobs.run('fixes', { spec, fixKey: problem.fixKey });
    return outcome.status === 'ok' ? outcome.value : [];
  }

  /** Check now and publish; resolves with the problems of the newest check delivered. */
  check(document: vscode.TextDocument): Promise<Problem[]> {
    if (this.disposed || !isSpecDocument(document)) return Promise.resolve([]);
    const key = document.uri.toString();
    this.cancel(key);
    const done = new Promise<Problem[]>((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]));
    void this.runCheck(document, key);
    return done;
  }

  private async runCheck(document: vscode.TextDocument, key: string): Promise<void> {
    const spec = await this.files.snapshot(document);
    const outcome = await this.jobs.run('check', spec, { key: `diagnostics:${key}` });
    // Superseded: a newer check of the same document is on its way and will answer the waiters.
    if (outcome.status === 'superseded') return;
    const problems = outcome.status === 'ok' ? outcome.value : [];
    if (outcome.status === 'failed' || outcome.status === 'timeout') console.error(`[unroll] checking ${key} failed: ${outcome.message}`);
    const waiting = this.waiters.get(key) ?? [];
    this.waiters.delete(key);
    const newer = this.checked.get(key);
    if (!this.disposed && !document.isClosed && outcome.status === 'ok' && !(newer && newer.version > spec.version)) {
      this.checked.set(key, { version: spec.version, problems });
      this.collection.set(document.uri, problems.map((problem) => toDiagnostic(document, problem)));
    }
    for (const resolve of waiting) resolve(problems);
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
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) void this.check(document);
    }, diagnosticsDelayMs(document.uri));
    this.timers.set(key, timer);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.checked.delete(key);
    this.collection.delete(uri);
    this.files.forget(uri);
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
