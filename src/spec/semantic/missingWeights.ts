// Weights the spec leaves out. With an `init` section they are drawn from it, and a hint says which; without one,
// a number the user never wrote would appear in the preview (a seeded random draw), so it is an error instead,
// with the two ways out as quick fixes: write the missing ones as zeros, or add an `init` to draw them from.
import type { InitSpec } from '../../engine/types';
import { addPropertiesFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import type { Reporter } from '../report';

const WEIGHTS: JsonPath = ['model', 'weights'];

export interface MissingWeights {
  /** every weight this model has, in PyTorch's order */
  known: string[];
  /** the names the spec gives (or the checkpoint holds) */
  given: readonly string[];
  /** names a misspelt weight is already told to become: not missing twice over */
  suggested: ReadonlySet<string>;
  /** whether the spec has an `init` section */
  hasInit: boolean;
  /** the weights come from a checkpoint, whose missing head is documented to come from init */
  fromCheckpoint: boolean;
  /** what draws the missing weights: the spec's init with its defaults filled in */
  init: InitSpec;
  /** what the "add init" fix writes */
  defaultInit: InitSpec;
  /** the shape of a weight, for the zeros fix: [rows, columns] or [length] */
  shapeOf: (name: string) => [number, number] | [number];
}

export function checkMissingWeights(reporter: Reporter, facts: MissingWeights): void {
  const missing = facts.known.filter((name) => !facts.given.includes(name) && !facts.suggested.has(name));
  if (missing.length === 0) return;
  const { init } = facts;
  const drawn = `drawn from init (${init.scheme}, seed ${init.seed})`;
  const names = listOf(missing);
  if (facts.hasInit || facts.fromCheckpoint) {
    const where = facts.fromCheckpoint ? `The checkpoint has no ${names}, so ${missing.length === 1 ? 'it is' : 'they are'}` : `${names} ${missing.length === 1 ? 'is' : 'are'} not given here, so ${missing.length === 1 ? 'it is' : 'they are'}`;
    reporter.report(WEIGHTS, { message: `${where} ${drawn}.`, code: 'init', severity: 'info', at: 'key' });
    return;
  }
  const zeros = missing.map((name): [string, unknown] => [name, zerosOf(facts.shapeOf(name))]);
  reporter.report(WEIGHTS, {
    message: `This model also needs ${names}, and there is no "init" section to draw ${missing.length === 1 ? 'it' : 'them'} from: give every weight, or add "init".`,
    code: 'missing-weight',
    at: 'key',
    fixes: [
      addPropertiesFix(reporter.document, `Add ${missing.length === 1 ? missing[0] : 'the missing weights'} as zeros`, WEIGHTS, zeros),
      setPropertyFix(reporter.document, `Add an "init" section (the missing weights drawn from it)`, ['model', 'init'], facts.defaultInit),
    ],
  });
}

function zerosOf(shape: [number, number] | [number]): number[] | number[][] {
  const row = (n: number) => new Array<number>(n).fill(0);
  return shape.length === 2 ? Array.from({ length: shape[0] }, () => row(shape[1])) : row(shape[0]);
}

/** "bias_hh_l0", "bias_hh_l0 and fc.bias", "a, b and c". */
function listOf(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
