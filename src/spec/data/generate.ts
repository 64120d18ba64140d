// data.generate: sequences computed from formulas of the step t, the sequence s and the length T.
import type { LossSpec, Sequence } from '../../engine/types';
import { compileFormula, FormulaError, type Formula } from '../expressions';
import { replaceFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import { modelSizeFix, type ModelFacts } from '../semantic/model';
import { classIndexCheck, plural } from '../semantic/targets';
import { checkWork } from '../semantic/work';
import type { DataSourceInfo } from '../types';

export interface GenerateSource {
  inputs: string[];
  target?: string | string[];
  targets?: string | string[];
  length: number;
  count?: number;
}

const GENERATE: JsonPath = ['data', 'generate'];

interface Compiled {
  formula: Formula;
  size: number;
  path: JsonPath;
  source: string;
}

export function generatedSequences(
  reporter: Reporter,
  raw: GenerateSource,
  facts: ModelFacts,
  loss: LossSpec,
): { sequences: Sequence[]; source: DataSourceInfo } | undefined {
  const document = reporter.document;
  const { inputSize, outputSize } = facts.model;
  const length = raw.length;
  const count = raw.count ?? 1;
  let ok = true;

  if (raw.inputs.length !== inputSize) {
    reporter.report([...GENERATE, 'inputs'], {
      message: `inputs has ${plural(raw.inputs.length, 'formula')}, but model.inputSize is ${inputSize}: one formula per input number.`,
      code: 'shape',
      fixes: () => [modelSizeFix(reporter, 'inputSize', raw.inputs.length)],
    });
    ok = false;
  }

  // target (scored after the last step) for loss.on = last, targets (every step) for loss.on = all.
  const wantedKey = loss.on === 'last' ? 'target' : 'targets';
  const otherKey = loss.on === 'last' ? 'targets' : 'target';
  const targetValue = raw[wantedKey];
  if (targetValue === undefined) {
    const given = raw[otherKey];
    if (given !== undefined) {
      const keyRange = document.keyRange([...GENERATE, otherKey]);
      reporter.report([...GENERATE, otherKey], {
        message:
          loss.on === 'last'
            ? 'loss.on is "last", so the formula goes in "target" (evaluated at the last step, t = T − 1); "targets" is for loss.on "all".'
            : 'loss.on is "all", so the formula goes in "targets" (evaluated at every step t); "target" is for loss.on "last".',
        code: 'target',
        at: 'key',
        fixes: () => [
          raw[wantedKey] === undefined ? replaceFix(`Rename to "${wantedKey}"`, keyRange, JSON.stringify(wantedKey)) : undefined,
          setPropertyFix(document, `Set loss.on to "${loss.on === 'last' ? 'all' : 'last'}"`, ['loss', 'on'], loss.on === 'last' ? 'all' : 'last'),
        ],
      });
    } else {
      const example = loss.type === 'cross-entropy' ? '0' : Array.from({ length: outputSize }, () => '0');
      reporter.report(GENERATE, {
        message: `generate needs "${wantedKey}": the formula${outputSize > 1 ? 's' : ''} of what the network should output${loss.on === 'last' ? ' after the last step' : ' at every step'}.`,
        code: 'target',
        at: 'owner',
        fixes: () => [setPropertyFix(document, `Add "${wantedKey}"`, [...GENERATE, wantedKey], outputSize === 1 && typeof example !== 'string' ? example[0] : example)],
      });
    }
    ok = false;
  }
  const targetSources = targetValue === undefined ? [] : Array.isArray(targetValue) ? targetValue : [targetValue];
  const targetPaths: JsonPath[] = targetSources.map((_, i) => (Array.isArray(targetValue) ? [...GENERATE, wantedKey, i] : [...GENERATE, wantedKey]));
  const wantedTargets = loss.type === 'cross-entropy' ? 1 : outputSize;
  if (targetValue !== undefined && targetSources.length !== wantedTargets) {
    const why = loss.type === 'cross-entropy' ? 'cross-entropy needs one formula giving a class index' : `model.outputSize is ${outputSize}, one formula per output`;
    reporter.report([...GENERATE, wantedKey], {
      message: `${wantedKey} has ${plural(targetSources.length, 'formula')}, but ${why}.`,
      code: 'shape',
      fixes: () => [loss.type === 'mse' ? modelSizeFix(reporter, 'outputSize', targetSources.length) : undefined],
    });
    ok = false;
  }

  const compile = (source: string, path: JsonPath): Compiled | undefined => {
    const compiled = compileFormula(source);
    if (compiled.ok) return { formula: compiled.evaluate, size: compiled.size, path, source };
    reporter.report(path, { message: capitalise(compiled.message), code: 'expression' });
    return undefined;
  };
  const inputs = raw.inputs.map((source, i) => compile(source, [...GENERATE, 'inputs', i]));
  const targets = targetSources.map((source, i) => compile(source, targetPaths[i]));
  if (!ok || inputs.includes(undefined) || targets.includes(undefined)) return undefined;
  if (!checkWork(reporter, GENERATE, count, count * length, facts.stepCost)) return undefined;
  const sizeOf = (list: (Compiled | undefined)[]) => list.reduce((sum, c) => sum + (c?.size ?? 0), 0);
  const formulaWork = count * (length * sizeOf(inputs) + (loss.on === 'last' ? 1 : length) * sizeOf(targets));
  if (formulaWork > LIMITS.formulaWork) {
    reporter.report(GENERATE, {
      message: `Generating this data evaluates about ${formulaWork.toLocaleString('en-US')} formula parts (${count} × ${length} steps), over the limit of ${LIMITS.formulaWork.toLocaleString('en-US')}: ${LIMIT_REASONS.formulaWork}. Use shorter formulas, or fewer or shorter sequences.`,
      code: 'limit',
      at: 'key',
    });
    return undefined;
  }

  // The live preview parses the spec again at every keystroke, mostly with the data untouched: the last
  // evaluation is kept, keyed by everything it depends on, and handed out as a copy.
  const key = JSON.stringify([raw.inputs, targetSources, length, count, loss.type, loss.on, outputSize]);
  const source: DataSourceInfo = { kind: 'generate', length, count, inputs: raw.inputs, targets: targetSources };
  if (lastGenerated?.key === key) return { sequences: copySequences(lastGenerated.sequences), source };

  const failed = new Set<Compiled>();
  const evaluate = (compiled: Compiled, s: number, t: number): number => {
    if (failed.has(compiled)) return NaN;
    let value: number;
    try {
      value = compiled.formula({ t, s, T: length });
    } catch (error) {
      failed.add(compiled);
      const reason = error instanceof FormulaError ? error.message : `fails: ${error instanceof Error ? error.message : String(error)}`;
      reporter.report(compiled.path, { message: `${JSON.stringify(compiled.source)} ${reason} (at t = ${t}, s = ${s}).`, code: 'expression' });
      return NaN;
    }
    if (!Number.isFinite(value)) {
      failed.add(compiled);
      reporter.report(compiled.path, {
        message: `${JSON.stringify(compiled.source)} gives ${value} at t = ${t}, s = ${s}; every value must be a finite number (look for a division by zero, the log of 0, or the square root or log of a negative number, which has no real value).`,
        code: 'expression',
      });
    }
    return value;
  };
  const targetAt = (s: number, t: number): number[] | number => {
    if (loss.type === 'mse') return targets.map((compiled) => evaluate(compiled!, s, t));
    const compiled = targets[0]!;
    const index = evaluate(compiled, s, t);
    if (!failed.has(compiled)) {
      const check = classIndexCheck(index, outputSize);
      if (!check.ok) {
        failed.add(compiled);
        reporter.report(compiled.path, { message: `${JSON.stringify(compiled.source)} gives ${index} at t = ${t}, s = ${s}: ${check.message}.`, code: 'target' });
      }
    }
    return index;
  };

  const sequences: Sequence[] = [];
  for (let s = 0; s < count && failed.size === 0; s++) {
    const sequence: Sequence = { inputs: [] };
    for (let t = 0; t < length; t++) sequence.inputs.push(inputs.map((compiled) => evaluate(compiled!, s, t)));
    if (loss.on === 'last') sequence.target = targetAt(s, length - 1);
    else sequence.targets = Array.from({ length }, (_, t) => targetAt(s, t));
    sequences.push(sequence);
  }
  if (failed.size > 0) return undefined;
  lastGenerated = { key, sequences: copySequences(sequences) };
  return { sequences, source };
}

let lastGenerated: { key: string; sequences: Sequence[] } | undefined;

function copySequences(sequences: Sequence[]): Sequence[] {
  const copyTarget = (target: number | number[]) => (Array.isArray(target) ? target.slice() : target);
  return sequences.map((sequence) => ({
    inputs: sequence.inputs.map((x) => x.slice()),
    ...(sequence.target !== undefined ? { target: copyTarget(sequence.target) } : {}),
    ...(sequence.targets !== undefined ? { targets: sequence.targets.map(copyTarget) } : {}),
  }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
