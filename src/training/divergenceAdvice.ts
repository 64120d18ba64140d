// What to change after training diverged, worded once for the training view, the diagnostic and its quick fixes:
// clip the gradient's norm (when the spec does not already), and a learning rate ten times smaller. Pure and
// dependency-free: the webview imports it too.
import type { Divergence, DivergenceFix } from '../protocol';

export interface DivergenceAdvice {
  fix: DivergenceFix;
  /** the training setting it writes, and the value */
  key: 'clipNorm' | 'learningRate';
  value: number;
  /** for a button or a quick fix: "Add clipNorm: 1", "Learning rate 0.5 → 0.05" */
  title: string;
}

/** The clip a diverged run suggests: a norm of 1, what most char-rnn and seq2seq recipes start with. */
export const SUGGESTED_CLIP_NORM = 1;

export function divergenceAdvice(divergence: Divergence): DivergenceAdvice[] {
  const advice: DivergenceAdvice[] = [];
  if (divergence.clipNorm === undefined) {
    advice.push({ fix: 'clipNorm', key: 'clipNorm', value: SUGGESTED_CLIP_NORM, title: `Add clipNorm: ${SUGGESTED_CLIP_NORM}` });
  }
  const smaller = Number((divergence.learningRate / 10).toPrecision(3));
  advice.push({ fix: 'learningRate', key: 'learningRate', value: smaller, title: `Learning rate ${divergence.learningRate} → ${smaller}` });
  return advice;
}

/** One sentence for a person: where it broke and what to try. */
export function describeDivergence(divergence: Divergence): string {
  const where = `epoch ${divergence.epoch}${divergence.batch > 1 ? `, minibatch ${divergence.batch}` : ''}`;
  const what = divergence.quantity === 'loss' ? 'the loss' : `${divergence.quantity}`;
  const tries = divergenceAdvice(divergence).map((a) => (a.fix === 'clipNorm' ? `clip the gradient ("clipNorm": ${a.value})` : `lower the learning rate (${divergence.learningRate} → ${a.value})`));
  return `Training diverged in ${where}: ${what} stopped being finite (NaN or ∞). Try to ${tries.join(' or ')}.`;
}
