// Memory allocated per minibatch update of the char-rnn row, once the code is warm: the trainer (one workspace,
// refilled for each minibatch) against run() per minibatch (a new workspace and result arrays every update, which
// is how minibatches had to be trained before the trainer had them). Needs a forced GC between measurements:
//   node --expose-gc --max-semi-space-size=512 --import tsx bench/charRnnAllocations.ts
import { createTrainer, run } from '../src/engine/index';
import type { EngineSpec } from '../src/engine/types';
import { CHAR_RNN, charRnnSpec } from './charRnn';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (see the comment at the top)');

/** Bytes the heap grew by per call of `fn`, after `warm` calls (no collection happens in between: big semi-space);
 *  the least of five rounds, since V8 may still be compiling parts of it during any one round (its interpreter
 *  allocates a box for every floating-point number it computes). */
function allocatedPerCall(fn: () => void, warm: number, calls: number): number {
  for (let i = 0; i < warm; i++) fn();
  let least = Infinity;
  for (let round = 0; round < 5; round++) {
    gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < calls; i++) fn();
    least = Math.min(least, (process.memoryUsage().heapUsed - before) / calls);
  }
  return least;
}

const spec = charRnnSpec({ ...CHAR_RNN, characters: 40_000 });
const trainer = createTrainer(spec, { epochs: 1000 });
const perUpdate = allocatedPerCall(() => trainer.stepBatches(1), 60, 5);

const { codes, window, vocabulary } = spec.data.text!;
const minibatch: EngineSpec = {
  model: spec.model,
  loss: spec.loss,
  data: {
    sequences: Array.from({ length: CHAR_RNN.batch }, (_, i) => ({
      inputs: Array.from({ length: window }, (_, t) => vocabulary.map((_, j) => (j === codes[i * window + t] ? 1 : 0))),
      targets: Array.from({ length: window }, (_, t) => codes[i * window + t + 1]),
    })),
  },
};
const perRun = allocatedPerCall(() => run(minibatch, { contributions: 'none', jacobian: false }), 3, 1);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`bytes allocated per update (lstm 65→${CHAR_RNN.hidden}→65, ${CHAR_RNN.batch} windows of ${CHAR_RNN.window}), warm:`);
console.log(`  createTrainer().stepBatches(1): ${kb(perUpdate)}`);
console.log(`  run() on the minibatch:         ${kb(perRun)} (the one-hot input arrays not counted)`);
