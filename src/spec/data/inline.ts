// data.sequences: sequences written out in the spec, checked against the model's sizes and the loss.
import type { LossSpec, Sequence } from '../../engine/types';
import { removePropertyFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import type { Reporter } from '../report';
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

  const sequences: Sequence[] = raw.map((sequence, index) => {
    const base: JsonPath = [...SEQUENCES, index];
    const steps = sequence.inputs.length;
    sequence.inputs.forEach((row, step) => {
      if (row.length !== inputSize) {
        reporter.reportCapped('width', [...base, 'inputs', step], {
          message: `Step ${step} of sequence ${index} has ${plural(row.length, 'number')}, but model.inputSize is ${inputSize}: each step's row holds one number per input.`,
          code: 'shape',
          fixes: [sizeFix('inputSize', widths)],
        });
      }
    });

    const normalised: Sequence = { inputs: sequence.inputs };
    if (loss.on === 'last') {
      if (sequence.target === undefined) {
        if (sequence.targets !== undefined) {
          reporter.report([...base, 'targets'], {
            message: `loss.on is "last", so sequence ${index} needs one "target" (scored after its last step); "targets", one per step, is for loss.on "all".`,
            code: 'target',
            at: 'key',
            fixes: [setPropertyFix(document, 'Score every step (set loss.on to "all")', ['loss', 'on'], 'all')],
          });
        } else {
          reporter.report(base, {
            message: `Sequence ${index} has no "target": with loss.on "last" each sequence says what the output should be after its last step.`,
            code: 'target',
            at: 'owner',
            fixes: [setPropertyFix(document, 'Add a target', [...base, 'target'], defaultTarget(loss, outputSize))],
          });
        }
      } else {
        const check = checkTarget(sequence.target, loss, outputSize);
        if (check.ok) normalised.target = check.value;
        else reporter.reportCapped('target', [...base, 'target'], { message: `The target of sequence ${index} ${check.message}.`, code: 'target', fixes: [sizeFix('outputSize', targetLengths)] });
        if (sequence.targets !== undefined) {
          reporter.report([...base, 'targets'], {
            message: `"targets" is ignored: loss.on is "last", so only "target" is scored.`,
            code: 'unused',
            severity: 'warning',
            at: 'key',
            fixes: [removePropertyFix(document, 'Remove "targets"', [...base, 'targets'])],
          });
        }
      }
    } else if (sequence.targets === undefined) {
      if (sequence.target !== undefined) {
        reporter.report([...base, 'target'], {
          message: `loss.on is "all", so sequence ${index} needs "targets": one per step (${steps} of them); "target" is for loss.on "last".`,
          code: 'target',
          at: 'key',
          fixes: [setPropertyFix(document, 'Score only the last step (set loss.on to "last")', ['loss', 'on'], 'last')],
        });
      } else {
        reporter.report(base, {
          message: `Sequence ${index} has no "targets": with loss.on "all" it needs one target per step (${steps} of them).`,
          code: 'target',
          at: 'owner',
          fixes: [setPropertyFix(document, 'Add targets', [...base, 'targets'], Array.from({ length: steps }, () => defaultTarget(loss, outputSize)))],
        });
      }
    } else {
      if (sequence.targets.length !== steps) {
        reporter.report([...base, 'targets'], {
          message: `Sequence ${index} has ${plural(sequence.targets.length, 'target')} but ${plural(steps, 'step')}: with loss.on "all" there is one target per step.`,
          code: 'target',
        });
      }
      const targets: (number[] | number)[] = [];
      sequence.targets.forEach((target, step) => {
        const check = checkTarget(target, loss, outputSize);
        if (check.ok) targets.push(check.value);
        else reporter.reportCapped('target', [...base, 'targets', step], { message: `Target ${step} of sequence ${index} ${check.message}.`, code: 'target', fixes: [sizeFix('outputSize', targetLengths)] });
      });
      normalised.targets = targets;
      if (sequence.target !== undefined) {
        reporter.report([...base, 'target'], {
          message: `"target" is ignored: loss.on is "all", so "targets" (one per step) is scored.`,
          code: 'unused',
          severity: 'warning',
          at: 'key',
          fixes: [removePropertyFix(document, 'Remove "target"', [...base, 'target'])],
        });
      }
    }
    return normalised;
  });
  reporter.flush('width', SEQUENCES, 'steps of the wrong width');
  reporter.flush('target', SEQUENCES, 'targets of the wrong size');
  return sequences;
}

function defaultTarget(loss: LossSpec, outputSize: number): number[] | number {
  return loss.type === 'cross-entropy' ? 0 : Array.from({ length: outputSize }, () => 0);
}
