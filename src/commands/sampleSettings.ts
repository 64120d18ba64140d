// What "Unroll: Sample from Model" asks for, its defaults and how each answer is read. Pure: tested without VS Code.

export interface SampleSettings {
  /** empty = the text's first character */
  prime: string;
  length: number;
  temperature: number;
  seed: number;
}

/** Long enough to show a model's habits, short enough to read in the view; 0.5 keeps to likely characters
 *  without the loops a greedy sample falls into. */
export const SAMPLE_PROMPT_DEFAULTS = { length: 200, temperature: 0.5, seed: 0 } as const;
export const MAX_SAMPLE_LENGTH = 5000;

/** Why the prime cannot be read (a character the model never saw), or undefined. Characters are code points. */
export function primeProblem(prime: string, known: ReadonlySet<string>): string | undefined {
  const unknown = [...new Set([...prime].filter((c) => !known.has(c)))];
  if (unknown.length === 0) return prime.length === 0 ? 'Give at least one character (the default is the text\'s first)' : undefined;
  return `Not in the training text: ${unknown.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}${unknown.length > 5 ? ' …' : ''} (the model reads only its ${known.size} characters)`;
}

export function lengthOf(text: string): number | undefined {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLE_LENGTH ? n : undefined;
}

export function temperatureOf(text: string): number | undefined {
  const t = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(t) && t >= 0 ? t : undefined;
}
