// A synthetic text for the char-rnn row: seeded, so every run trains on the same characters, with the 65-character
// vocabulary of the tiny-shakespeare corpus (newline, space, !$&',-.3:;?, A–Z, a–z), which char-rnn made the usual
// benchmark. Nothing is downloaded: words are drawn from syllables, with capitals, punctuation and line breaks.
import { createRandom } from '../src/engine/random';

export const CHAR_VOCABULARY = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const SYLLABLES = ['the', 'and', 'thou', 'lo', 'rd', 'ki', 'ng', 'sha', 'll', 'wh', 'at', 'is', 'be', 'my', 'no', 'ver', 'so', 'us', 'ere', 'qu', 'ick', 'fax', 'jo', 'zy'];
const PUNCTUATION = [',', '.', ';', ':', '!', '?', "'", '-', '$', '&', '3'];

/** `length` characters; every character of CHAR_VOCABULARY occurs (they open the text). */
export function charText(length: number, seed = 1): string {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
  let text = CHAR_VOCABULARY;
  let capital = true;
  while (text.length < length) {
    let word = '';
    const syllables = 1 + Math.floor(random.next() * 3);
    for (let s = 0; s < syllables; s++) word += pick(SYLLABLES);
    if (capital || random.next() < 0.05) word = word[0].toUpperCase() + word.slice(1);
    capital = false;
    text += word;
    const r = random.next();
    if (r < 0.12) {
      const mark = pick(PUNCTUATION);
      text += mark;
      capital = mark === '.' || mark === '!' || mark === '?';
    }
    text += random.next() < 0.08 ? '\n' : ' ';
  }
  return text.slice(0, length);
}
