// data.text: a text for a character-level model (Karpathy's min-char-rnn and char-rnn). Every character is one
// step's input, one-hot over the vocabulary, and the character after it is the step's target class.
// A character is a Unicode code point, not a UTF-16 unit: "é" written as one code point is one character, an emoji
// is one character, and "e" + a combining accent is two. No normalisation (NFC/NFD) is applied.
// The whole text is kept compactly (TextData: one byte per character) for training and sampling; the sequences
// the preview runs are only the first ones, within LIMITS.textPreviewWork (limits.ts).
import { textSequenceCount } from '../../engine/sequenceSource';
import type { LossSpec, Sequence, TextData } from '../../engine/types';
import { replaceFix } from '../fixes';
import type { DataFileReader } from '../files';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import { modelSizeFix, type ModelFacts } from '../semantic/model';
import { plural } from '../semantic/targets';
import type { DataSourceInfo, ProblemFix } from '../types';
import { describeReadError } from './readError';
import { encodeText, vocabularyOf } from './vocabulary';

export interface TextSource {
  file?: string;
  inline?: string;
  window?: number;
  stride?: number;
}

/** min-char-rnn's seq_length. */
export const TEXT_DEFAULTS = { window: 25 };

const TEXT: JsonPath = ['data', 'text'];

export interface TextSequences {
  sequences: Sequence[];
  source: DataSourceInfo;
  text: TextData;
}

export function textSequences(
  reporter: Reporter,
  raw: TextSource,
  facts: ModelFacts,
  loss: LossSpec,
  readFile: DataFileReader | undefined,
): TextSequences | undefined {
  const window = raw.window ?? TEXT_DEFAULTS.window;
  const stride = raw.stride ?? window;
  const where: JsonPath = raw.file !== undefined ? [...TEXT, 'file'] : [...TEXT, 'inline'];
  const lossOk = checkTextLoss(reporter, loss);
  const content = raw.file !== undefined ? readTextFile(reporter, raw.file, readFile) : (raw.inline ?? '');
  if (content === undefined) return undefined;
  const named = raw.file !== undefined ? `"${raw.file}"` : 'The inline text';

  const { codePoints, length } = vocabularyOf(content);
  if (length === 0) {
    reporter.report(where, { message: `${named} is empty: there are no characters to learn from.`, code: 'text' });
    return undefined;
  }
  const V = codePoints.length;
  if (V > LIMITS.inputSize) {
    reporter.report(where, {
      message: `${named} has ${V} distinct characters, over the limit of ${LIMITS.inputSize} for model.inputSize and outputSize (one per character): ${LIMIT_REASONS.inputSize}.`,
      code: 'limit',
    });
    return undefined;
  }
  const vocabulary = codePoints.map((c) => String.fromCodePoint(c));
  if (V === 1) {
    reporter.report(where, { message: `${named} has a single distinct character, ${JSON.stringify(vocabulary[0])}: there is nothing to predict.`, code: 'text' });
    return undefined;
  }
  if (length < window + 1) {
    reporter.report([...TEXT, 'window'], {
      message: `${named} has ${plural(length, 'character')}: too few for a window of ${window}, which needs ${window + 1} (${window} inputs, and the character after the last as its target).`,
      code: 'text',
      fixes: [length >= 2 ? replaceFix(`Use a window of ${length - 1}`, reporter.document.valueRange([...TEXT, 'window']), String(length - 1)) : undefined],
    });
    return undefined;
  }
  if (!checkSizes(reporter, facts, V) || !lossOk) return undefined;

  const count = textSequenceCount(length, window, stride);
  const previewCount = previewSequenceCount(count, window, facts.stepCost);
  if (previewCount === 0) {
    reporter.report([...TEXT, 'window'], {
      message: `One window of ${window} steps takes about ${(window * facts.stepCost).toLocaleString('en-US')} multiply-adds, over the limit of ${LIMITS.work.toLocaleString('en-US')}: ${LIMIT_REASONS.work}. Use a shorter window or a smaller hiddenSize.`,
      code: 'limit',
    });
    return undefined;
  }
  const codes = encodeText(content, codePoints, length);
  const sequences: Sequence[] = [];
  const windows: string[][] = [];
  const firstCharacter: number[] = [];
  for (let k = 0; k < previewCount; k++) {
    const first = k * stride;
    sequences.push(oneHotSequence(codes, first, window, V));
    windows.push(Array.from({ length: window + 1 }, (_, t) => vocabulary[codes[first + t]]));
    firstCharacter.push(first);
  }
  return {
    sequences,
    text: { codes, vocabulary, window, stride },
    source: {
      kind: 'text',
      ...(raw.file !== undefined ? { file: raw.file } : {}),
      characters: length,
      vocabulary,
      window,
      stride,
      sequences: count,
      previewSequences: previewCount,
      windows,
      firstCharacter,
    },
  };
}

/** As many of the text's first sequences as the preview runs: those within LIMITS.textPreviewWork (at least one,
 *  if one window is within the work limit of any data), and never more than the other data limits allow. */
export function previewSequenceCount(count: number, window: number, stepCost: number): number {
  const perSequence = window * Math.max(1, stepCost);
  if (perSequence > LIMITS.work) return 0;
  const withinShare = Math.max(1, Math.floor(LIMITS.textPreviewWork / perSequence));
  return Math.min(count, withinShare, LIMITS.sequences, Math.floor(LIMITS.totalSteps / window));
}

function oneHotSequence(codes: Uint8Array, first: number, window: number, V: number): Sequence {
  const inputs: number[][] = [];
  const targets: number[] = [];
  for (let t = 0; t < window; t++) {
    const row = new Array<number>(V).fill(0);
    row[codes[first + t]] = 1;
    inputs.push(row);
    targets.push(codes[first + t + 1]);
  }
  return { inputs, targets };
}

/** Text data predicts the next character at every step: cross-entropy on all steps (the default with text). */
function checkTextLoss(reporter: Reporter, loss: LossSpec): boolean {
  const document = reporter.document;
  if (loss.type !== 'cross-entropy') {
    reporter.report(['loss', 'type'], {
      message: 'With text data the network predicts the next character, one class among the vocabulary: the loss must be "cross-entropy".',
      code: 'loss',
      fixes: [replaceFix('Use "cross-entropy"', document.valueRange(['loss', 'type']), '"cross-entropy"')],
    });
  }
  if (loss.on !== 'all') {
    reporter.report(['loss', 'on'], {
      message: 'With text data every step predicts the character after it, so every step is scored: loss.on must be "all".',
      code: 'loss',
      fixes: [replaceFix('Use "all"', document.valueRange(['loss', 'on']), '"all"')],
    });
  }
  return loss.type === 'cross-entropy' && loss.on === 'all';
}

/** inputSize and outputSize against the vocabulary: one fix sets both. */
function checkSizes(reporter: Reporter, facts: ModelFacts, V: number): boolean {
  const { inputSize, outputSize } = facts.model;
  if (inputSize === V && outputSize === V) return true;
  const edits = [inputSize !== V ? modelSizeFix(reporter, 'inputSize', V) : undefined, outputSize !== V ? modelSizeFix(reporter, 'outputSize', V) : undefined];
  const fix: ProblemFix = { title: `Set model.inputSize and model.outputSize to ${V}`, edits: edits.flatMap((f) => f?.edits ?? []) };
  const why = { inputSize: 'the network reads each character as a one-hot vector of that size', outputSize: 'the network predicts the next character as one of them' };
  for (const [field, value] of [['inputSize', inputSize], ['outputSize', outputSize]] as const) {
    if (value === V) continue;
    reporter.report(['model', field], {
      message: `model.${field} is ${value}, but the text has ${V} distinct characters (its vocabulary): ${why[field]}.`,
      code: 'shape',
      fixes: [fix.edits.length > 0 ? fix : undefined],
    });
  }
  return false;
}

/** The file as text: UTF-8 (a byte-order mark dropped), "\r\n" and a lone "\r" read as "\n", as Python's open() reads text. */
function readTextFile(reporter: Reporter, file: string, readFile: DataFileReader | undefined): string | undefined {
  const path: JsonPath = [...TEXT, 'file'];
  if (!readFile) {
    reporter.report(path, {
      message: `"${file}" cannot be read: this spec is not saved in a folder, so there is nowhere to look for it. Save the spec next to the text file, or use "inline".`,
      code: 'file',
    });
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFile(file, LIMITS.textBytes);
  } catch (error) {
    const kind = { noun: 'a text file', maxBytes: LIMITS.textBytes, reason: LIMIT_REASONS.textBytes };
    reporter.report(path, { message: describeReadError(file, error, kind), code: (error as { code?: string })?.code === 'EFBIG' ? 'limit' : 'file' });
    return undefined;
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    reporter.report(path, { message: `"${file}" is not UTF-8 text. Save it as UTF-8 (every editor can), so each character is read as written.`, code: 'text' });
    return undefined;
  }
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

// Strict, unlike decodeText (which the CSV reader uses): a byte that is not UTF-8 would otherwise become U+FFFD, a
// character of the vocabulary that the file does not have.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text, its byte-order mark dropped, or undefined if the bytes are not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
