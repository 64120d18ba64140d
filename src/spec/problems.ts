// From the problems the checks found to the ones a person sees: sorted, at most MAX_PROBLEMS, and only then
// their quick fixes. A fix costs a look at the text (the property to remove, the indentation to copy), a hostile
// spec has a problem for each of 150,000 keys, and the editor asks for the fixes of one problem at a time;
// so the checks hand over a recipe (FixSource), and it is followed for the kept problems only (or, for the
// editor, only when a quick fix is asked for: fixesFor in parse.ts, by the problem's fixKey).
import type { DraftProblem } from './jsonDocument';
import type { Problem, ProblemFix } from './types';

/** Fixes as a list (some may be undefined: not offered) or a function that makes that list when it is needed. */
export type FixSource = (ProblemFix | undefined)[] | (() => (ProblemFix | undefined)[]);

/** How a parse hands out fixes: computed with the problems (the CLI, tests), or as a key to ask for them later. */
export type FixMode = 'eager' | 'lazy';

/** More than this many problems help nobody and slow the editor down; the rest are counted in one last problem. */
export const MAX_PROBLEMS = 500;

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** The problems in document order (errors first at the same place), capped, with their fixes or fix keys.
 *  The cap keeps errors before warnings and information: a file must never look valid because its 500
 *  warnings came first. What is left out is counted in one last problem, at the first of them. */
export function finishProblems(drafts: readonly DraftProblem[], mode: FixMode): Problem[] {
  const { kept, dropped } = capped(drafts);
  const finished = kept.map((draft) => finish(draft, mode));
  if (dropped.length > 0) {
    const { pendingFixes: _ignored, ...first } = dropped.reduce((a, b) => (b.offset < a.offset ? b : a));
    const severity = dropped.reduce((worst, d) => (RANK[d.severity] < RANK[worst] ? d.severity : worst), dropped[0].severity);
    finished.push({ ...first, severity, message: `…and ${dropped.length} more problems not shown, the first of them here.`, code: 'more' });
  }
  return finished;
}

/** The fixes of the problem whose key is `fixKey` among `drafts` (as finishProblems kept them); [] if none. */
export function draftFixes(drafts: readonly DraftProblem[], fixKey: string): ProblemFix[] {
  const draft = capped(drafts).kept.find((d) => d.pendingFixes && problemKey(d) === fixKey);
  return draft ? fixesOf(draft) : [];
}

function capped(drafts: readonly DraftProblem[]): { kept: DraftProblem[]; dropped: DraftProblem[] } {
  const byOffset = (a: DraftProblem, b: DraftProblem) => a.offset - b.offset || RANK[a.severity] - RANK[b.severity];
  if (drafts.length <= MAX_PROBLEMS) return { kept: [...drafts].sort(byOffset), dropped: [] };
  const bySeverity = [...drafts].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.offset - b.offset);
  return { kept: bySeverity.slice(0, MAX_PROBLEMS).sort(byOffset), dropped: bySeverity.slice(MAX_PROBLEMS) };
}

/** Names a problem across two parses of the same text and files: its code, range and message. */
export function problemKey(problem: Pick<Problem, 'code' | 'offset' | 'length' | 'message'>): string {
  return `${problem.code}@${problem.offset}+${problem.length}#${hash(problem.message)}`;
}

function finish(draft: DraftProblem, mode: FixMode): Problem {
  const { pendingFixes, ...problem } = draft;
  if (!pendingFixes || (Array.isArray(pendingFixes) && !pendingFixes.some(Boolean))) return problem;
  if (mode === 'lazy') return { ...problem, fixKey: problemKey(problem) };
  const fixes = fixesOf(draft);
  return fixes.length > 0 ? { ...problem, fixes } : problem;
}

function fixesOf(draft: DraftProblem): ProblemFix[] {
  const source = draft.pendingFixes;
  const list = typeof source === 'function' ? source() : (source ?? []);
  return list.filter((fix): fix is ProblemFix => fix !== undefined && typeof fix.title === 'string' && fix.edits.every(isEdit));
}

/** A fix whose text is not a string (a bug upstream, e.g. JSON.stringify of a function) is dropped, never offered. */
function isEdit(edit: ProblemFix['edits'][number]): boolean {
  return typeof edit.newText === 'string' && Number.isInteger(edit.offset) && Number.isInteger(edit.length);
}

/** FNV-1a, 32 bits, as hex: short and stable. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
