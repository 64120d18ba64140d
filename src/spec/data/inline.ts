// data.sequences: sequences written out in the spec, checked against the model's sizes and the loss.
import type { LossSpec, Sequence } from '../../engine/types';
import { removePropertyFix, replaceFix, replacePropertyFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import type { Reporter } from '../report';
import type { ProblemFix } from '../types';
import { modelSizeFix, type ModelFacts } from '../semantic/model';
import { checkTarget, plural } from '../semantic/targets';

const SEQUENCES: JsonPath = ['data', 'sequences'];

export function inlineSequences(reporter: Reporter, raw: Sequence[], facts: ModelFacts, loss: LossSpec): Sequence[] {
  const { inputSize, outputSize } = facts.model;
  const document = reporter.document;
  const sizeFix = (field: 'inputSize' | 'outputSize', widths: Set<number>) => (widths.size === 1 ? modelSizeFix(reporter, field, [...widths][0]) : undefined);

  const widths = new Set(raw.flatMap((sequence) => sequence.inputs.map((row) => row.length)));
  const targetLengths = new Set(
    raw.flatMap((sequence) => (loss.on === 'last' ? [sequence.target] : sequence.targets ?? [])).filter(Array.isArray).map((t) => (t as number[]).length),
  );

  // Switching loss.on fixes a sequence only if it fixes them all: offered when every sequence is written the other way.
  const allUseTargets = raw.every((sequence) => sequence.targets !== undefined && sequence.target === undefined);
  const allUseTarget = raw.every((sequence) => sequence.target !== undefined && sequence.targets === undefined);
  const resized = (path: JsonPath, target: number | number[]) => (loss.type === 'mse' && Array.isArray(target) ? resizeFix(reporter, path, target, outputSize) : undefined);

  const sequences: Sequence[] = raw.map((sequence, index) => {
    // Messages number sequences and steps from 1, as the preview and the CLI do (the path keeps the index).
    const number = index + 1;
    const base: JsonPath = [...SEQUENCES, index];
    const steps = sequence.inputs.length;
    sequence.inputs.forEach((row, step) => {
      if (row.length !== inputSize) {
        reporter.reportCapped('width', [...base, 'inputs', step], () => ({
          message: `Step ${step + 1} of sequence ${number} has ${plural(row.length, 'number')}, but model.inputSize is ${inputSize}: each step's row holds one number per input.`,
          code: 'shape',
          fixes: () => [sizeFix('inputSize', widths)],
        }));
      }
    });

    const normalised: Sequence = { inputs: sequence.inputs };
    if (loss.on === 'last') {
      if (sequence.target === undefined) {
        if (sequence.targets !== undefined) {
          reporter.reportCapped('target', [...base, 'targets'], () => ({
            message: `loss.on is "last", so sequence ${number} needs one "target" (scored after its last step); "targets", one per step, is for loss.on "all".`,
            code: 'target',
            at: 'key',
            fixes: () => [
              lastTargetFix(reporter, [...base, 'targets'], sequence.targets!),
              allUseTargets ? setPropertyFix(document, 'Score every step (set loss.on to "all")', ['loss', 'on'], 'all') : undefined,
            ],
          }));
        } else {
          reporter.reportCapped('target', base, () => ({
            message: `Sequence ${number} has no "target": with loss.on "last" each sequence says what the output should be after its last step.`,
            code: 'target',
            at: 'owner',
            fixes: () => [setPropertyFix(document, 'Add a target', [...base, 'target'], defaultTarget(loss, outputSize))],
          }));
        }
      } else {
        const check = checkTarget(sequence.target, loss, outputSize);
        if (check.ok) normalised.target = check.value;
        else {
          const target = sequence.target;
          reporter.reportCapped('target', [...base, 'target'], () => ({
            message: `The target of sequence ${number} ${check.message}.`,
            code: 'target',
            fixes: () => [resized([...base, 'target'], target), sizeFix('outputSize', targetLengths)],
          }));
        }
        if (sequence.targets !== undefined) {
          reporter.reportCapped('unused', [...base, 'targets'], () => ({
            message: `"targets" is ignored: loss.on is "last", so only "target" is scored.`,
            code: 'unused',
            severity: 'warning',
            at: 'key',
            fixes: () => [removePropertyFix(document, 'Remove "targets"', [...base, 'targets'])],
          }));
        }
      }
    } else if (sequence.targets === undefined) {
      if (sequence.target !== undefined) {
        reporter.reportCapped('target', [...base, 'target'], () => ({
          message: `loss.on is "all", so sequence ${number} needs "targets": one per step (${steps} of them); "target" is for loss.on "last".`,
          code: 'target',
          at: 'key',
          fixes: () => [allUseTarget ? setPropertyFix(document, 'Score only the last step (set loss.on to "last")', ['loss', 'on'], 'last') : undefined],
        }));
      } else {
        reporter.reportCapped('target', base, () => ({
          message: `Sequence ${number} has no "targets": with loss.on "all" it needs one target per step (${steps} of them).`,
          code: 'target',
          at: 'owner',
          fixes: () => [setPropertyFix(document, 'Add targets', [...base, 'targets'], Array.from({ length: steps }, () => defaultTarget(loss, outputSize)))],
        }));
      }
    } else {
      const given = sequence.targets.length;
      if (given !== steps) {
        reporter.reportCapped('target', [...base, 'targets'], () => ({
          message: `Sequence ${number} has ${plural(given, 'target')} but ${plural(steps, 'step')}: with loss.on "all" there is one target per step.`,
          code: 'target',
        }));
      }
      const targets: (number[] | number)[] = [];
      sequence.targets.forEach((target, step) => {
        const check = checkTarget(target, loss, outputSize);
        if (check.ok) targets.push(check.value);
        else {
          reporter.reportCapped('target', [...base, 'targets', step], () => ({
            message: `Target ${step + 1} of sequence ${number} ${check.message}.`,
            code: 'target',
            fixes: () => [resized([...base, 'targets', step], target), sizeFix('outputSize', targetLengths)],
          }));
        }
      });
      normalised.targets = targets;
      if (sequence.target !== undefined) {
        reporter.reportCapped('unused', [...base, 'target'], () => ({
          message: `"target" is ignored: loss.on is "all", so "targets" (one per step) is scored.`,
          code: 'unused',
          severity: 'warning',
          at: 'key',
          fixes: () => [removePropertyFix(document, 'Remove "target"', [...base, 'target'])],
        }));
      }
    }
    return normalised;
  });
  reporter.flush('width', SEQUENCES, 'steps of the wrong width');
  reporter.flush('target', SEQUENCES, 'problems with targets');
  reporter.flush('unused', SEQUENCES, 'ignored targets', 'warning');
  return sequences;
}

/** "Keep the first 2 numbers" / "Pad with zeros to 3 numbers": make one mse target the size the model has. */
function resizeFix(reporter: Reporter, path: JsonPath, target: number[], outputSize: number): ProblemFix | undefined {
  if (target.length === outputSize) return undefined;
  const value = target.length > outputSize ? target.slice(0, outputSize) : [...target, ...Array.from({ length: outputSize - target.length }, () => 0)];
  const title = target.length > outputSize ? `Keep the first ${plural(outputSize, 'number')}` : `Pad with zeros to ${plural(outputSize, 'number')}`;
  return replaceFix(title, reporter.document.valueRange(path), JSON.stringify(value).replace(/,/g, ', '));
}

/** loss.on = last but the sequence gives one target per step: the last of them is what "target" would be. */
function lastTargetFix(reporter: Reporter, path: JsonPath, targets: (number | number[])[]): ProblemFix | undefined {
  if (targets.length === 0) return undefined;
  return replacePropertyFix(reporter.document, 'Use the last step\'s target as "target"', path, 'target', targets[targets.length - 1]);
}

function defaultTarget(loss: LossSpec, outputSize: number): number[] | number {
  return loss.type === 'cross-entropy' ? 0 : Array.from({ length: outputSize }, () => 0);
}
