// A text's characters (Unicode code points) and its vocabulary: the distinct ones, sorted by code point, so the
// same text always gives the same classes. Walked by code point (codePointAt), never as a spread array of
// strings: a 10 MB text would be ten million strings.

/** The distinct code points, ascending, and how many characters (code points) the text has. */
export function vocabularyOf(text: string): { codePoints: number[]; length: number } {
  const seen = new Uint8Array(0x10000);
  const astral = new Set<number>();
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) {
      astral.add(c);
      i++; // the second half of the surrogate pair
    } else {
      seen[c] = 1;
    }
    length++;
  }
  const codePoints: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (seen[c]) codePoints.push(c);
  codePoints.push(...[...astral].sort((a, b) => a - b));
  return { codePoints, length };
}

/** Each character's class (its position in `codePoints`, at most 256 of them), in order. */
export function encodeText(text: string, codePoints: number[], length: number): Uint8Array {
  const bmp = new Int16Array(0x10000).fill(-1);
  const astral = new Map<number, number>();
  codePoints.forEach((c, k) => (c > 0xffff ? astral.set(c, k) : (bmp[c] = k)));
  const codes = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) {
      codes[n++] = astral.get(c)!;
      i++;
    } else {
      codes[n++] = bmp[c];
    }
  }
  return codes;
}

const NAMED: Record<string, string> = { '\n': '↵', ' ': '␣', '\t': '⇥' };

/** How a view shows a character on a label: visible symbols for the newline, space, tab and other control characters. */
export function characterLabel(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀ … ␟, Unicode's control pictures
  if (code === 0x7f) return '␡';
  return character;
}
