// Collects problems for the semantic checks, pointing at values, keys or owners by JSON path.
import type { DraftProblem, JsonDocument, JsonPath, TextRange } from './jsonDocument';
import type { FixSource } from './problems';
import type { Severity } from './types';

export type Where = 'value' | 'key' | 'owner' | TextRange;

export interface Report {
  message: string;
  code: string;
  severity?: Severity;
  /** a list, or a function making it: a fix that looks at the text (to remove a property, copy an indentation)
   *  should be a function, so it costs nothing for the problems nobody sees */
  fixes?: FixSource;
  /** what to point at: the value (default), the property's key, or the object's key/opening brace */
  at?: Where;
}

/** Enough problems of one kind are enough: a 1000-step sequence of the wrong width gets a few, then a summary. */
const MAX_PER_KIND = 12;

export class Reporter {
  readonly problems: DraftProblem[] = [];
  private readonly perKind = new Map<string, number>();

  constructor(readonly document: JsonDocument) {}

  report(path: JsonPath, report: Report): void {
    this.problems.push(this.document.problem(this.range(path, report.at ?? 'value'), {
      message: report.message,
      code: report.code,
      severity: report.severity,
      path,
      fixes: report.fixes,
    }));
  }

  /** Like report(), but after MAX_PER_KIND of the same `kind` only counts; call flush(kind) to add a summary.
   *  The report is built only when it is kept: its fixes cost a look at the text, and there may be thousands. */
  reportCapped(kind: string, path: JsonPath, report: () => Report): void {
    const count = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, count);
    if (count <= MAX_PER_KIND) this.report(path, report());
  }

  /** "…and 40 more like this" on `path`, if reportCapped(kind) dropped any. */
  flush(kind: string, path: JsonPath, what: string, severity: Report['severity'] = 'error'): void {
    const count = this.perKind.get(kind) ?? 0;
    if (count > MAX_PER_KIND) {
      this.report(path, { message: `…and ${count - MAX_PER_KIND} more ${what} like the ones above.`, code: 'more', severity, at: 'key' });
    }
    this.perKind.delete(kind);
  }

  hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  private range(path: JsonPath, at: Where): TextRange {
    if (typeof at === 'object') return at;
    if (at === 'key') return this.document.keyRange(path);
    if (at === 'owner') return this.document.ownerRange(path);
    return this.document.valueRange(path);
  }
}
