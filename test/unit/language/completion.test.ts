// Completion and hover in a spec, from the schema: keys where a key goes (not the ones already there), values
// where a value goes, what each key and enum value means.
import * as assert from 'node:assert/strict';
import schema from '../../../schema/rnn.schema.json';
import { completionsAt } from '../../../src/language/completion';
import { hoverAt } from '../../../src/language/hover';
import type { SchemaNode } from '../../../src/language/schemaAt';

const SCHEMA = schema as SchemaNode;

/** The text with `|` removed, and the offset where it was. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

describe('spec language: completion', () => {
  it('offers the model\'s keys inside "model", not the ones already written', () => {
    const { text, offset } = at('{ "version": 1, "model": { "cell": "rnn", | } }');
    const labels = completionsAt(SCHEMA, text, offset).map((c) => c.label);
    for (const key of ['inputSize', 'hiddenSize', 'outputSize', 'numLayers', 'nonlinearity', 'weights', 'init']) assert.ok(labels.includes(key), `${key} in ${labels}`);
    assert.ok(!labels.includes('cell'), 'cell is already there');
    assert.ok(!labels.includes('version'), 'a top-level key is not offered inside model');
  });

  it('completes a key with its value to fill in: the choices of an enum', () => {
    const { text, offset } = at('{ "model": { | } }');
    const cell = completionsAt(SCHEMA, text, offset).find((c) => c.label === 'cell')!;
    assert.equal(cell.kind, 'property');
    assert.equal(cell.insertText, '"cell": ${1|"rnn","lstm","gru"|}');
    assert.match(cell.documentation ?? '', /lstm/);
  });

  it('offers the enum values, each with what it means, where a value goes', () => {
    const { text, offset } = at('{ "model": { "cell": | } }');
    const values = completionsAt(SCHEMA, text, offset);
    assert.deepEqual(values.map((v) => v.label).slice(0, 3), ['"rnn"', '"lstm"', '"gru"']);
    assert.ok(values.every((v) => v.kind === 'value'));
  });

  it('replaces the value being typed, quotes and all', () => {
    const { text, offset } = at('{ "loss": { "type": "cro|" } }');
    const values = completionsAt(SCHEMA, text, offset);
    const ce = values.find((v) => v.label === '"cross-entropy"');
    assert.ok(ce, values.map((v) => v.label).join());
    assert.equal(text.slice(ce.replace.offset, ce.replace.offset + ce.replace.length), '"cro"');
  });

  it('follows $ref and alternatives: data.csv keys inside "csv"', () => {
    const { text, offset } = at('{ "data": { "csv": { | } } }');
    const labels = completionsAt(SCHEMA, text, offset).map((c) => c.label);
    for (const key of ['file', 'columns', 'window', 'horizon', 'scaling']) assert.ok(labels.includes(key), `${key} in ${labels}`);
  });
});

describe('spec language: hover', () => {
  it('says what a key means', () => {
    const { text, offset } = at('{ "model": { "hidd|enSize": 4 } }');
    const info = hoverAt(SCHEMA, text, offset);
    assert.ok(info);
    assert.match(info.markdown, /hidden/i);
    assert.equal(text.slice(info.range.offset, info.range.offset + info.range.length), '"hiddenSize"');
  });

  it('says what an enum value means', () => {
    const { text, offset } = at('{ "model": { "cell": "ls|tm" } }');
    const info = hoverAt(SCHEMA, text, offset);
    assert.ok(info);
    assert.match(info.markdown, /`"lstm"`: /);
  });

  it('says nothing where the schema says nothing', () => {
    const { text, offset } = at('{ "model": { "weights": { "weight_hh_l0": [[|2]] } } }');
    const info = hoverAt(SCHEMA, text, offset);
    assert.ok(info === undefined || info.markdown.length > 0);
  });
});
