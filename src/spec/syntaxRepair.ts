// One problem per mistake. After a syntax error, a JSON parser's later errors are mostly echoes of the first: one
// missing ] makes every following "key": look like a list item, so jsonc-parser reports a comma and a value missing
// at each colon and four brackets missing at the end. Here the first error is explained, the smallest edit that
// repairs it (insert the missing ], the comma, the colon; drop a stray bracket or comma) is made in a copy of the
// text, and the copy is parsed again: what is still wrong then is a mistake of its own.
import { createScanner, parseTree, printParseErrorCode, type ParseError } from './jsonc';

// jsonc-parser's SyntaxKind and ParseErrorCode are `const enum`s, which isolatedModules cannot inline.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 10;
const NUMBER = 11;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF = 17;

/** Stop after this many: a file this broken is better fixed from the top, and each round parses it again. */
const MAX_MISTAKES = 20;

export interface SyntaxMistake {
  /** offset and length in the text as written */
  offset: number;
  length: number;
  /** jsonc-parser's code, for the plain explanation (syntax.ts) */
  code: string;
  /** an explanation that knows the brackets around it, when the plain one would mislead */
  message?: string;
}

interface Token {
  kind: number;
  offset: number;
  length: number;
}

interface Edit {
  offset: number;
  removed: number;
  inserted: string;
}

/** The mistakes in `text`, first to last, one each (the parser's echoes of a mistake left out). */
export function syntaxMistakes(text: string, firstErrors?: ParseError[]): SyntaxMistake[] {
  const mistakes: SyntaxMistake[] = [];
  const edits: Edit[] = [];
  let working = text;
  let errors = firstErrors ?? parseErrors(working);
  let last = -1;
  while (errors.length > 0 && mistakes.length < MAX_MISTAKES) {
    const error = firstError(errors);
    const where = (token: Token) => lineColumn(text, toOriginal(edits, token.offset));
    const { mistake, repair } = explain(working, error, where);
    const offset = toOriginal(edits, mistake.offset);
    // A second complaint at the same spot is the first one's echo; one that went back would loop: stop.
    if (offset <= last) break;
    const end = toOriginal(edits, mistake.offset + mistake.length);
    mistakes.push({ ...mistake, offset, length: Math.max(0, end - offset) });
    if (!repair) break;
    last = offset;
    working = working.slice(0, repair.offset) + repair.inserted + working.slice(repair.offset + repair.removed);
    edits.push(repair);
    errors = parseErrors(working);
  }
  return mistakes;
}

function parseErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors;
}

/** The earliest error; at one offset, the one that says what is missing rather than what was found instead. */
function firstError(errors: ParseError[]): ParseError {
  return errors.reduce((a, b) => (b.offset < a.offset ? b : a));
}

/** A working-text offset in the text as written: the inverse of every edit, newest first. */
function toOriginal(edits: Edit[], offset: number): number {
  let at = offset;
  for (let k = edits.length - 1; k >= 0; k--) {
    const e = edits[k];
    if (at >= e.offset + e.inserted.length) at = at - e.inserted.length + e.removed;
    else if (at > e.offset) at = e.offset;
  }
  return at;
}

/** The significant tokens (no comments or whitespace) before `offset`, and the one at it. */
function tokensUpTo(text: string, offset: number): { before: Token[]; at: Token } {
  const scanner = createScanner(text, false);
  const before: Token[] = [];
  for (let kind = scanner.scan(); ; kind = scanner.scan()) {
    if (kind === LINE_COMMENT || kind === BLOCK_COMMENT || kind === LINE_BREAK || kind === TRIVIA) continue;
    const token = { kind, offset: scanner.getTokenOffset(), length: scanner.getTokenLength() };
    if (kind === EOF || token.offset >= offset) return { before, at: token };
    before.push(token);
  }
}

/** The brackets still open before the error, innermost last (the text before the first error is valid). */
function openBrackets(tokens: Token[]): Token[] {
  const open: Token[] = [];
  for (const token of tokens) {
    if (token.kind === OPEN_BRACE || token.kind === OPEN_BRACKET) open.push(token);
    else if (token.kind === CLOSE_BRACE || token.kind === CLOSE_BRACKET) open.pop();
  }
  return open;
}

const closerOf = (open: Token) => (open.kind === OPEN_BRACE ? '}' : ']');
const isCloser = (kind: number) => kind === CLOSE_BRACE || kind === CLOSE_BRACKET;

/** `where` says where a token of the working text is in the text as written ("line 3, column 7"). */
function explain(text: string, error: ParseError, where: (token: Token) => string): { mistake: SyntaxMistake; repair?: Edit } {
  const code = printParseErrorCode(error.error);
  const plain: SyntaxMistake = { offset: error.offset, length: error.length, code };
  const { before, at } = tokensUpTo(text, error.offset);
  const open = openBrackets(before);
  const inner = open[open.length - 1];
  const previous = before[before.length - 1];
  const insert = (offset: number, inserted: string): Edit => ({ offset, removed: 0, inserted });
  const remove = (token: Token): Edit => ({ offset: token.offset, removed: token.length, inserted: '' });

  if (at.kind === EOF) {
    // The file ends too early: whatever is open closes at the end (and a property waiting for its value gets one).
    const closers = open.map(closerOf).reverse().join('');
    const value = previous?.kind === COLON ? 'null' : '';
    if (!closers && !value) return { mistake: plain };
    return { mistake: { ...plain, code: endCode(open), message: endMessage(open, where) }, repair: insert(text.length, value + closers) };
  }
  switch (code) {
    case 'CommaExpected': {
      // "key": inside a list: the list was never closed.
      if (at.kind === COLON && previous?.kind === STRING && inner?.kind === OPEN_BRACKET) {
        const item = before[before.length - 2];
        const lastValue = item?.kind === COMMA ? before[before.length - 3] : item;
        if (!lastValue) return { mistake: plain };
        const end = lastValue.offset + lastValue.length;
        return {
          mistake: { offset: lastValue.offset, length: lastValue.length, code: 'CloseBracketExpected', message: unclosedMessage(inner, where, text.slice(previous.offset, previous.offset + previous.length)) },
          repair: insert(end, item?.kind === COMMA ? ']' : '],'),
        };
      }
      if (isCloser(at.kind)) return strayOrEarlyCloser(text, at, open, previous, where, plain);
      if (!previous) return { mistake: plain };
      // "01" scans as 0 and 1: one number with a leading zero, not two values without a comma.
      if (previous.kind === NUMBER && at.kind === NUMBER && previous.offset + previous.length === at.offset) {
        return { mistake: { offset: previous.offset, length: previous.length + at.length, code: 'InvalidNumberFormat' }, repair: remove(at) };
      }
      return { mistake: plain, repair: insert(previous.offset + previous.length, ',') };
    }
    case 'ValueExpected':
    case 'PropertyNameExpected':
      if (at.kind === COMMA && previous && (previous.kind === COMMA || previous.kind === OPEN_BRACKET || previous.kind === OPEN_BRACE)) {
        return { mistake: { ...plain, message: 'This comma separates nothing: remove it (or put the missing item before it).' }, repair: remove(at) };
      }
      if (previous?.kind === COLON && (at.kind === COMMA || isCloser(at.kind))) {
        return { mistake: { ...plain, message: 'A value is missing after this colon (a number, "text", true, false, null, [ … ] or { … }).' }, repair: insert(at.offset, 'null') };
      }
      if (isCloser(at.kind)) return strayOrEarlyCloser(text, at, open, previous, where, plain);
      return { mistake: plain };
    case 'ColonExpected':
      return previous ? { mistake: plain, repair: insert(previous.offset + previous.length, ':') } : { mistake: plain };
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return inner ? { mistake: plain, repair: insert(at.offset, closerOf(inner)) } : { mistake: plain };
    case 'EndOfFileExpected':
      return isCloser(at.kind) ? { mistake: { ...plain, message: `This ${text[at.offset]} closes nothing: the spec's outer brace was already closed before it.` }, repair: remove(at) } : { mistake: plain };
    case 'InvalidSymbol':
    case 'InvalidNumberFormat':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
    case 'InvalidCharacter':
      // Explained where it is; a placeholder lets the rest be read (a string fits both a key and a value).
      return { mistake: plain, repair: { offset: at.offset, removed: at.length, inserted: '""' } };
    default:
      // An unclosed string or comment swallows the rest of the file: nothing after it can be trusted.
      return { mistake: plain };
  }
}

/** A } or ] that does not close the innermost bracket: either brackets inside are missing their closers, or it is extra. */
function strayOrEarlyCloser(
  text: string,
  at: Token,
  open: Token[],
  previous: Token | undefined,
  where: (token: Token) => string,
  plain: SyntaxMistake,
): { mistake: SyntaxMistake; repair?: Edit } {
  const wanted = at.kind === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET;
  const match = open.map((t) => t.kind).lastIndexOf(wanted);
  const inner = open[open.length - 1];
  const found = text[at.offset];
  if (match >= 0 && inner && previous && match < open.length - 1) {
    const unclosed = open.slice(match + 1);
    return {
      mistake: { offset: previous.offset, length: previous.length, code: unclosed[unclosed.length - 1].kind === OPEN_BRACE ? 'CloseBraceExpected' : 'CloseBracketExpected', message: unclosedMessage(unclosed[unclosed.length - 1], where, found) },
      repair: { offset: previous.offset + previous.length, removed: 0, inserted: unclosed.map(closerOf).reverse().join('') },
    };
  }
  return {
    mistake: { ...plain, message: `This ${found} closes nothing: ${inner ? `the innermost open bracket is the ${inner.kind === OPEN_BRACE ? '{' : '['} on ${where(inner)}` : 'no bracket is open here'}. Remove it, or add the ${found === ']' ? '[' : '{'} it should close.` },
    repair: { offset: at.offset, removed: at.length, inserted: '' },
  };
}

function unclosedMessage(open: Token, where: (token: Token) => string, before: string): string {
  const [what, closer] = open.kind === OPEN_BRACE ? ['object', '}'] : ['list', ']'];
  return `A ${closer} is missing after this: the ${what} opened on ${where(open)} is still open at ${before}.`;
}

function endCode(open: Token[]): string {
  return open[open.length - 1]?.kind === OPEN_BRACKET ? 'CloseBracketExpected' : 'CloseBraceExpected';
}

function endMessage(open: Token[], where: (token: Token) => string): string {
  if (open.length === 0) return 'The file ends before the spec is complete: a value is missing.';
  const closers = open.map(closerOf).reverse().join(' ');
  const inner = open[open.length - 1];
  return `The file ends with ${open.length === 1 ? 'a bracket' : `${open.length} brackets`} still open (the innermost on ${where(inner)}): ${closers} ${open.length === 1 ? 'is' : 'are'} missing at the end, or earlier.`;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}
