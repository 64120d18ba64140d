import * as assert from 'node:assert/strict';
import { parseSpec } from '../../../src/spec/index';
import { characterLabel } from '../../../src/spec/data/vocabulary';
import { preloadedFiles, textFiles } from '../../../src/spec/files';
import { LIMITS } from '../../../src/spec/limits';
import type { ParseOptions } from '../../../src/spec/types';
import { applyNamedFix, assertRange, assertValid, errors, only, text } from './helpers/specs';

function textSpec(source: Record<string, unknown>, vocabulary: number, extra: Record<string, any> = {}): Record<string, any> {
  return { version: 1, model: { cell: 'lstm', inputSize: vocabulary, hiddenSize: 3, outputSize: vocabulary }, data: { text: source }, ...extra };
}

function files(map: Record<string, string>): ParseOptions {
  return { readFile: textFiles(map) };
}

describe('text data', () => {
  it('cuts windows every `stride` characters while k·S + T + 1 ≤ length: one-hot inputs, next characters as targets', () => {
    // "abcabd": vocabulary a b c d; windows of 2 every 2: [ab→bc], [ca→ab]; a third would need 7 characters
    const result = parseSpec(text(textSpec({ inline: 'abcabd', window: 2, stride: 2 }, 4)));
    assertValid(result);
    const spec = result.spec!;
    assert.deepEqual(spec.data.sequences, [
      { inputs: [[1, 0, 0, 0], [0, 1, 0, 0]], targets: [1, 2] },
      { inputs: [[0, 0, 1, 0], [1, 0, 0, 0]], targets: [0, 1] },
    ]);
    assert.deepEqual(spec.loss, { type: 'cross-entropy', on: 'all' });
    assert.deepEqual(Array.from(spec.data.text!.codes), [0, 1, 2, 0, 1, 3]);
    assert.deepEqual(spec.source, {
      kind: 'text', characters: 6, vocabulary: ['a', 'b', 'c', 'd'], window: 2, stride: 2,
      sequences: 2, previewSequences: 2, windows: [['a', 'b', 'c'], ['c', 'a', 'b']], firstCharacter: [0, 2],
    });
  });

  it('stride defaults to the window; the window to 25', () => {
    const spec = parseSpec(text(textSpec({ inline: 'abcdefghij' }, 10)));
    assert.equal(spec.problems[0].code, 'text'); // 10 characters cannot hold a window of 25
    const strided = parseSpec(text(textSpec({ inline: 'abababababa', window: 3 }, 2))).spec!;
    assert.deepEqual(strided.source?.kind === 'text' && strided.source.firstCharacter, [0, 3, 6]);
  });

  it('counts characters as code points, sorted by code point; no normalisation', () => {
    // "é" precomposed (U+00E9) and "e" + combining acute (U+0301) differ; the emoji is one character
    const inline = 'é e\u0301 😀 Z';
    const spec = parseSpec(text(textSpec({ inline, window: 3 }, 6))).spec!;
    assert.ok(spec.source?.kind === 'text');
    assert.deepEqual(spec.source.vocabulary, [' ', 'Z', 'e', 'é', '\u0301', '😀']);
    assert.equal(spec.source.characters, 8);
    assert.equal(spec.data.text!.codes.length, 8);
  });

  it('reads a file as UTF-8, dropping a byte-order mark and reading \\r\\n and \\r as \\n (as Python\'s open())', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('ab\r\nab\rab\n')]);
    const result = parseSpec(text(textSpec({ file: 'in.txt', window: 2 }, 3)), { readFile: preloadedFiles(new Map([['in.txt', bom]])) });
    assertValid(result);
    assert.deepEqual(result.spec!.data.text!.vocabulary, ['\n', 'a', 'b']);
    assert.equal(result.spec!.data.text!.codes.length, 9);
  });

  describe('problems, on the value that causes them', () => {
    it('a missing file', () => {
      const source = text(textSpec({ file: 'nope.txt', window: 2 }, 3));
      const problem = only(parseSpec(source, files({})), 'file', ['data', 'text', 'file']);
      assertRange(source, problem, '"nope.txt"');
      assert.match(problem.message, /Cannot find "nope.txt"/);
    });

    it('a spec that is not saved anywhere cannot name a file', () => {
      const problem = only(parseSpec(text(textSpec({ file: 'in.txt' }, 3))), 'file');
      assert.match(problem.message, /not saved in a folder.*"inline"/);
    });

    it('an empty text, from a file or inline', () => {
      const source = text(textSpec({ file: 'empty.txt', window: 2 }, 3));
      assertRange(source, only(parseSpec(source, files({ 'empty.txt': '' })), 'text'), '"empty.txt"');
      const inline = text(textSpec({ inline: '', window: 2 }, 3));
      assert.match(only(parseSpec(inline), 'text', ['data', 'text', 'inline']).message, /empty/);
    });

    it('bytes that are not UTF-8', () => {
      const result = parseSpec(text(textSpec({ file: 'latin1.txt', window: 2 }, 3)), { readFile: preloadedFiles(new Map([['latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9])]])) });
      assert.match(only(result, 'text').message, /not UTF-8/);
    });

    it('a window longer than the text, with a fix that shortens it', () => {
      const source = text(textSpec({ inline: 'abcab', window: 9 }, 3));
      const problem = only(parseSpec(source), 'text', ['data', 'text', 'window']);
      assertRange(source, problem, '9');
      assert.match(problem.message, /5 characters: too few for a window of 9, which needs 10/);
      assertValid(applyNamedFix(source, problem, 'Use a window of 4').result);
    });

    it('sizes that disagree with the vocabulary: on each size, with one fix that sets both', () => {
      const source = text(textSpec({ inline: 'hello world', window: 3 }, 4));
      const result = parseSpec(source);
      const input = only(result, 'shape', ['model', 'inputSize']);
      only(result, 'shape', ['model', 'outputSize']);
      assert.match(input.message, /inputSize is 4, but the text has 8 distinct characters/);
      const { text: fixed, result: after } = applyNamedFix(source, input, 'Set model.inputSize and model.outputSize to 8');
      assertValid(after);
      assert.match(fixed, /"inputSize": 8[\s\S]*"outputSize": 8/);
    });

    it('a loss other than cross-entropy on every step, with fixes', () => {
      const source = text(textSpec({ inline: 'abcabc', window: 2 }, 3, { loss: { type: 'mse', on: 'last' } }));
      const result = parseSpec(source);
      const type = only(result, 'loss', ['loss', 'type']);
      only(result, 'loss', ['loss', 'on']);
      const once = applyNamedFix(source, type, 'Use "cross-entropy"');
      const on = only(once.result, 'loss', ['loss', 'on']);
      assertValid(applyNamedFix(once.text, on, 'Use "all"').result);
    });

    it('a single distinct character, or more than the size limit allows', () => {
      assert.match(only(parseSpec(text(textSpec({ inline: 'aaaa', window: 2 }, 1))), 'text').message, /single distinct character/);
      const many = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x100 + i)).join('');
      assert.match(only(parseSpec(text(textSpec({ inline: many, window: 2 }, 256))), 'limit').message, /300 distinct characters, over the limit of 256/);
    });

    it('text and another source together: the schema says one source', () => {
      const spec = textSpec({ inline: 'abab', window: 2 }, 2);
      spec.data.sequences = [{ inputs: [[0, 1]], targets: [0] }];
      assert.ok(errors(parseSpec(text(spec))).length > 0);
    });
  });

  describe('a text larger than the preview\'s budget', () => {
    const words = 'the quick brown fox jumps over the lazy dog. ';
    const long = words.repeat(400); // 18,000 characters
    const spec = textSpec({ file: 'long.txt', window: 50 }, new Set(words).size, { model: { cell: 'lstm', inputSize: 28, hiddenSize: 64, outputSize: 28 } });

    it('previews the first sequences within the budget, and keeps the whole text for training', () => {
      const result = parseSpec(text({ ...spec, training: { batchSize: 32 } }), files({ 'long.txt': long }));
      assertValid(result);
      const source = result.spec!.source;
      assert.ok(source?.kind === 'text');
      assert.equal(source.sequences, Math.floor((long.length - 51) / 50) + 1);
      // LSTM 28→64→28: 4·64·(28 + 64) + 28·64 = 25,344 multiply-adds a step; 10,000,000 / (50 · 25,344) = 7.9
      assert.equal(source.previewSequences, 7);
      assert.equal(result.spec!.data.sequences.length, 7);
      assert.equal(result.spec!.data.text!.codes.length, long.length);
    });

    it('says when training on every sequence at once is too much for one update, and fixes it with a batchSize', () => {
      const source = text(spec);
      const problem = only(parseSpec(source, files({ 'long.txt': long })), 'limit');
      assertRange(source, problem, '"text"');
      assert.match(problem.message, /Training on all 359 sequences at once.*over the limit of 300,000,000.*a second/);
      assertValid(applyNamedFix(source, problem, 'Set training.batchSize to 32', files({ 'long.txt': long })).result);
    });

    it('a window over the preview\'s share runs alone; one over the work limit is an error on the window', () => {
      const letters = 'abcdefghij'.repeat(100);
      const windowSpec = (window: number, hiddenSize: number) => text({ version: 1, model: { cell: 'lstm', inputSize: 10, hiddenSize, outputSize: 10 }, data: { text: { inline: letters, window } }, training: { batchSize: 1 } });
      // 4·128·(10 + 128) + 10·128 = 71,936 a step: 200 steps are 14 million, over the 10 million share
      assert.equal((parseSpec(windowSpec(200, 128)).spec!.source as { previewSequences: number }).previewSequences, 1);
      // 4·256·(10 + 256) + 10·256 = 274,944 a step: 500 steps are 137 million, over the 50 million limit
      const source = windowSpec(500, 256);
      const problem = only(parseSpec(source), 'limit', ['data', 'text', 'window']);
      assertRange(source, problem, '500');
      assert.match(problem.message, /One window of 500 steps takes about 137,472,000 multiply-adds, over the limit of 50,000,000/);
    });

    it('refuses a file over the byte limit without reading it', () => {
      const big = new Uint8Array(LIMITS.textBytes + 1);
      const problem = only(parseSpec(text(spec), { readFile: preloadedFiles(new Map([['long.txt', big]])) }), 'limit');
      assert.match(problem.message, /larger than the limit of 10,000,000 bytes: the file is read again on every edit/);
    });
  });

  it('labels characters that are hard to see', () => {
    assert.deepEqual(['\n', ' ', '\t', '\u0000', 'a', '😀'].map(characterLabel), ['↵', '␣', '⇥', '␀', 'a', '😀']);
  });
});

describe('validation and minibatches', () => {
  const sequences = Array.from({ length: 10 }, (_, s) => ({ inputs: [[s], [1]], target: [s] }));
  const spec = (data: Record<string, unknown>, training?: Record<string, unknown>) =>
    text({ version: 1, model: { cell: 'rnn', inputSize: 1, hiddenSize: 2, outputSize: 1 }, data: { sequences, ...data }, ...(training ? { training } : {}) });

  it('a fraction of the sequences, rounded, or a count, held out from the end', () => {
    assert.equal(parseSpec(spec({ validation: 0.25 })).spec!.data.validation, 3); // round(2.5)
    assert.equal(parseSpec(spec({ validation: 4 })).spec!.data.validation, 4);
    assert.equal(parseSpec(spec({})).spec!.data.validation, undefined);
  });

  it('counts a text\'s sequences, not only the previewed ones', () => {
    const result = parseSpec(text(textSpec({ inline: 'ab'.repeat(50), window: 3 }, 2, { data: { text: { inline: 'ab'.repeat(50), window: 3 }, validation: 0.1 } })));
    assert.equal(result.spec!.data.validation, 3); // 32 sequences
  });

  it('problems: nothing held out, nothing left, a count that is not whole', () => {
    for (const [value, pattern] of [[0.01, /rounds to none/], [10, /leaves none to train on/], [2.5, /whole number/]] as const) {
      const source = spec({ validation: value });
      const problem = only(parseSpec(source), 'validation', ['data', 'validation']);
      assert.match(problem.message, pattern);
      assertRange(source, problem, String(value));
    }
    const source = spec({ validation: 0.01 });
    assertValid(applyNamedFix(source, only(parseSpec(source), 'validation'), 'Hold out 1 sequence').result);
  });

  it('batchSize and shuffle reach the engine as written; a batch larger than the data is only mentioned', () => {
    const parsed = parseSpec(spec({}, { batchSize: 4, shuffle: false })).spec!;
    assert.deepEqual([parsed.training!.batchSize, parsed.training!.shuffle], [4, false]);
    const big = parseSpec(spec({ validation: 2 }, { batchSize: 9 }));
    assert.equal(only(big, 'unused', ['training', 'batchSize']).severity, 'info');
    assert.match(big.problems[0].message, /more than the 8 training sequences/);
    assert.ok(errors(parseSpec(spec({}, { batchSize: 0 }))).length > 0);
  });
});
