// Shared by the spec tests: the examples, the PyTorch fixtures' specs, and small assertions about problems.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyFix, parseSpec } from '../../../../src/spec/index';
import type { ParseOptions, ParseResult, Problem } from '../../../../src/spec/types';

export const ROOT = resolve(__dirname, '../../../..');
export const EXAMPLES_DIR = join(ROOT, 'examples');
export const FIXTURES_DIR = join(ROOT, 'test/fixtures/pytorch');

export function examples(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.rnn.json'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(EXAMPLES_DIR, file), 'utf8') }));
}

export function fixtureSpecs(): { file: string; spec: Record<string, unknown> }[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, spec: JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')).spec }));
}

/** A minimal valid spec to start targeted tests from. */
export function baseSpec(): Record<string, any> {
  return {
    version: 1,
    model: { cell: 'rnn', inputSize: 1, hiddenSize: 2, outputSize: 1 },
    data: { sequences: [{ inputs: [[0], [1]], target: [1] }] },
    loss: { type: 'mse', on: 'last' },
  };
}

export function text(spec: unknown): string {
  return JSON.stringify(spec, null, 2);
}

export function parse(source: string, options?: ParseOptions): ParseResult {
  return parseSpec(source, options);
}

export function errors(result: ParseResult): Problem[] {
  return result.problems.filter((p) => p.severity === 'error');
}

/** The one problem with this code (and, if given, path), failing with the full list otherwise. */
export function only(result: ParseResult, code: string, path?: (string | number)[]): Problem {
  const found = result.problems.filter((p) => p.code === code && (!path || JSON.stringify(p.path) === JSON.stringify(path)));
  assert.equal(found.length, 1, `expected one "${code}" problem at ${JSON.stringify(path)}, got:\n${JSON.stringify(result.problems, null, 1)}`);
  return found[0];
}

/** The text a problem points at. */
export function pointedAt(source: string, problem: Problem): string {
  return source.slice(problem.offset, problem.offset + problem.length);
}

/** Assert the problem covers exactly the `nth` occurrence of `snippet` in `source`. */
export function assertRange(source: string, problem: Problem, snippet: string, nth = 0): void {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = source.indexOf(snippet, offset + 1);
  assert.ok(offset >= 0, `snippet ${snippet} not found`);
  assert.deepEqual({ offset: problem.offset, length: problem.length }, { offset, length: snippet.length }, `problem "${problem.message}" points at ${JSON.stringify(pointedAt(source, problem))}`);
}

/** Apply the fix titled `title` (or the first) and parse again. */
export function applyNamedFix(source: string, problem: Problem, title?: string | RegExp, options?: ParseOptions): { text: string; result: ParseResult } {
  const fix = problem.fixes?.find((f) => title === undefined || (typeof title === 'string' ? f.title === title : title.test(f.title)));
  assert.ok(fix, `no fix ${String(title)} on "${problem.message}"; fixes: ${JSON.stringify(problem.fixes?.map((f) => f.title))}`);
  const fixed = applyFix(source, fix);
  return { text: fixed, result: parseSpec(fixed, options) };
}

export function assertValid(result: ParseResult): void {
  assert.deepEqual(errors(result), [], 'expected no errors');
  assert.ok(result.spec, 'expected a spec');
}
