// Syntax: what can go wrong before there is a tree, said so that someone new to JSON can fix it.
import type { ParseError } from './jsonc';
import { LIMITS, LIMIT_REASONS } from './limits';
import type { JsonDocument, TextRange } from './jsonDocument';
import { syntaxMistakes } from './syntaxRepair';
import type { Problem } from './types';

const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [0x7b, 0x7d, 0x5b, 0x5d];
const [QUOTE, BACKSLASH, SLASH, STAR, LF, CR] = [0x22, 0x5c, 0x2f, 0x2a, 0x0a, 0x0d];

/**
 * The first bracket that opens deeper than the nesting limit, found without recursion (the tree parser recurses).
 * A scan of the characters, skipping strings and comments as jsonc-parser's scanner does (a string also ends at a
 * line break), without making a token of every value: it runs before anything else, on every keystroke.
 */
export function findExcessiveNesting(text: string): TextRange | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE || d === LF || d === CR) break;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > LIMITS.nesting) return { offset: i, length: 1 };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

export function nestingProblem(document: JsonDocument, range: TextRange): Problem {
  return document.problem(range, {
    message: `Brackets are nested more than ${LIMITS.nesting} levels deep here (a spec needs about 6): ${LIMIT_REASONS.nesting}.`,
    path: [],
    code: 'limit',
  });
}

/** One problem per mistake (syntaxRepair.ts), each said so that someone new to JSON can fix it. */
export function syntaxProblems(document: JsonDocument, errors: ParseError[]): Problem[] {
  const text = document.text;
  // As JsonDocument.parse reads it: a byte-order mark as a space, so every offset stays where it was.
  const parsable = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return syntaxMistakes(parsable, errors).map((mistake) => {
    const found = text.slice(mistake.offset, mistake.offset + mistake.length);
    const atEnd = mistake.offset >= text.trimEnd().length;
    const message = mistake.message ?? syntaxMessage(mistake.code, found, atEnd, text.trim() === '');
    return document.problem({ offset: mistake.offset, length: mistake.length }, { message, path: [], code: 'parse' });
  });
}

function syntaxMessage(code: string, found: string, atEnd: boolean, empty: boolean): string {
  switch (code) {
    case 'InvalidSymbol':
      if (/^-?(NaN|Infinity|undefined)$/.test(found)) return `JSON has no ${found.replace('-', '')}: every number must be written out, such as 0 or 1.5.`;
      if (found.startsWith("'")) return `Strings need double quotes in JSON: write "${found.replace(/^'|'$/g, '')}" instead of ${found}.`;
      if (/^[A-Za-z_]/.test(found)) return `Unexpected word ${found}: text values need double quotes ("${found}"), and only true, false and null are written bare.`;
      return `Unexpected ${JSON.stringify(found)}: this is not valid JSON here.`;
    case 'InvalidNumberFormat':
      return `${JSON.stringify(found)} is not a valid number (JSON numbers look like 3, -0.5 or 1e-3, without leading zeros).`;
    case 'PropertyNameExpected':
      return 'A property name in double quotes was expected here, like "model".';
    case 'ValueExpected':
      if (empty) return 'The file is empty. A spec is an object: { "model": { ... }, "data": { ... } }.';
      if (atEnd) return 'The file ends before the spec is complete: a value or a closing bracket is missing.';
      return 'A value was expected here (a number, "text", true, false, null, [ ... ] or { ... }).';
    case 'ColonExpected':
      return 'A colon (:) was expected between the property name and its value.';
    case 'CommaExpected':
      return 'A comma was expected here, between two items or properties.';
    case 'CloseBraceExpected':
      return atEnd ? 'The file ends before the object is closed: a } is missing.' : 'A closing brace } (or a comma before the next property) was expected here.';
    case 'CloseBracketExpected':
      return atEnd ? 'The file ends before the list is closed: a ] is missing.' : 'A closing bracket ] (or a comma before the next item) was expected here.';
    case 'EndOfFileExpected':
      return 'Nothing can follow the spec\'s closing brace: a spec is a single object.';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'This comment is never closed: a block comment ends with */.';
    case 'UnexpectedEndOfString':
      return 'This string is never closed: a double quote " is missing.';
    case 'UnexpectedEndOfNumber':
      return 'This number is incomplete (e.g. 1e or 1.).';
    case 'InvalidUnicode':
      return 'Invalid \\u escape: it needs exactly 4 hexadecimal digits, like \\u00e9.';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape in a string: only \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed (write \\\\ for a backslash).';
    case 'InvalidCharacter':
      return 'This character cannot appear inside a string as is: write line breaks and tabs as \\n and \\t.';
    default:
      return `This is not valid JSON (${code}).`;
  }
}
