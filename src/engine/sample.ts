// Writing text with a trained character model, as min-char-rnn does: feed the prime one character at a time
// from a zero state, then draw a character from the output, feed it back, and repeat.
// Temperature 0 is greedy (the most probable character, the first on ties: deterministic); τ > 0 draws from
// softmax(y / τ) with the engine's seeded generator, so the same seed writes the same text on every machine.
import { createRandom, type Random } from './random';
import { argmax, softmaxInto, topClasses } from './softmax';
import { createStepper } from './stepper';
import type { EngineSpec } from './types';

export interface SampleOptions {
  /** fed first, one character at a time; at least one character, every one in the text's vocabulary */
  prime: string;
  /** characters to draw after the prime */
  length: number;
  /** 0 = greedy; else draw from softmax(y / τ). Default 1: the model's own distribution. */
  temperature?: number;
  /** seeds the draws (τ > 0). Default 0. */
  seed?: number;
  /** most probable candidates kept per step. Default 5. */
  candidates?: number;
}

export interface SampleCandidate {
  character: string;
  /** its class: the position in the vocabulary */
  index: number;
  /** under the model's own distribution softmax(y), whatever the temperature */
  probability: number;
}

export interface SampledCharacter extends SampleCandidate {
  /** the most probable characters at this step, most probable first (equal ones in vocabulary order) */
  candidates: SampleCandidate[];
}

export interface SampleResult {
  prime: string;
  /** the drawn characters, without the prime */
  text: string;
  temperature: number;
  seed: number;
  /** one per character of `text`: what the model gave it, and what else it considered */
  steps: SampledCharacter[];
  /** the same for the prime's characters after its first: how expected each was when it was fed */
  primeSteps: SampledCharacter[];
}

export type SampleOutcome = { ok: true; result: SampleResult } | { ok: false; message: string };

export const SAMPLE_DEFAULTS = { temperature: 1, seed: 0, candidates: 5 } as const;

/** Samples from the spec's model (its `weights`, the rest from `init`) over its text's vocabulary. */
export function sampleText(spec: Pick<EngineSpec, 'model' | 'data'>, options: SampleOptions): SampleOutcome {
  const vocabulary = spec.data.text?.vocabulary;
  if (!vocabulary) return { ok: false, message: 'Sampling writes characters of a text, and this spec\'s data is not "text".' };
  const temperature = options.temperature ?? SAMPLE_DEFAULTS.temperature;
  const seed = options.seed ?? SAMPLE_DEFAULTS.seed;
  const k = options.candidates ?? SAMPLE_DEFAULTS.candidates;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) return { ok: false, message: `The temperature must be a number ≥ 0, not ${temperature}.` };
  if (!Number.isInteger(options.length) || options.length < 0) return { ok: false, message: `The length must be a whole number ≥ 0, not ${options.length}.` };
  const prime = primeClasses(options.prime, vocabulary);
  if (!prime.ok) return prime;

  const V = vocabulary.length;
  const stepper = createStepper(spec.model);
  const p = new Float64Array(V);
  const describe = (y: Float64Array, index: number): SampledCharacter => {
    softmaxInto(y, 0, V, 1, p);
    const candidates = topClasses(p, V, k).map((j) => ({ character: vocabulary[j], index: j, probability: p[j] }));
    return { character: vocabulary[index], index, probability: p[index], candidates };
  };

  const primeSteps: SampledCharacter[] = [];
  let y = stepper.feed(prime.classes[0]);
  for (let i = 1; i < prime.classes.length; i++) {
    primeSteps.push(describe(y, prime.classes[i]));
    y = stepper.feed(prime.classes[i]);
  }
  const random = createRandom(seed);
  const steps: SampledCharacter[] = [];
  for (let n = 0; n < options.length; n++) {
    const index = temperature === 0 ? argmax(y, 0, V) : draw(y, V, temperature, random, p);
    steps.push(describe(y, index));
    if (n + 1 < options.length) y = stepper.feed(index);
  }
  const text = steps.map((s) => s.character).join('');
  return { ok: true, result: { prime: options.prime, text, temperature, seed, steps, primeSteps } };
}

/** The prime as classes, or which of its characters the model cannot read. Characters are code points. */
export function primeClasses(prime: string, vocabulary: readonly string[]): { ok: true; classes: number[] } | { ok: false; message: string } {
  const characters = [...prime];
  if (characters.length === 0) return { ok: false, message: 'The prime is empty: give at least one character to start from.' };
  const index = new Map(vocabulary.map((c, j) => [c, j]));
  const unknown = [...new Set(characters.filter((c) => !index.has(c)))];
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 8).map(describeCharacter).join(', ');
    return {
      ok: false,
      message: `The prime has ${unknown.length === 1 ? 'a character' : `${unknown.length} characters`} not in the text's vocabulary: ${listed}${unknown.length > 8 ? ', …' : ''}. The model reads only the ${vocabulary.length} characters of its text.`,
    };
  }
  return { ok: true, classes: characters.map((c) => index.get(c)!) };
}

/** '"é" (U+00E9)': the character and its code point, so invisible ones can be told apart. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `${JSON.stringify(character)} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

// Inverse CDF: the first class whose cumulative probability passes u ~ U[0, 1); `p` is scratch.
function draw(y: Float64Array, V: number, temperature: number, random: Random, p: Float64Array): number {
  softmaxInto(y, 0, V, temperature, p);
  const u = random.next();
  let cumulative = 0;
  let last = 0;
  for (let j = 0; j < V; j++) {
    if (p[j] === 0) continue;
    cumulative += p[j];
    last = j;
    if (u < cumulative) return j;
  }
  return last; // u above a total that rounding left just short of 1
}
