// The same forward + BPTT in TensorFlow.js (tfjs-core + the plain-JS CPU backend), for comparison.
// tfjs computes in float32 only; our engine in float64. The graph is the unrolled recurrence written with tf ops,
// one step at a time as tf.layers' RNN does it; tf.variableGrads differentiates it (tfjs's tape = BPTT).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build (dist/tf-core.node.js) has no gradient functions; the full `@tensorflow/tfjs` package adds
// them with this module, which only exists as ES modules with extension-less imports that Node cannot load. Imported by
// relative path, esbuild bundles it (esbuild.mjs keeps only `@tensorflow/*` package imports external). tfjs keeps its
// engine, kernel and gradient registries and its Tensor class on a global object precisely so that two copies of its
// code cooperate: the gradients register into, and run on, the same engine as tfjs-core's Node build.
import '../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import type { Problem } from './problem';

export const TFJS_VERSION = tf.version_core;

export async function initTfjs(): Promise<string> {
  // production mode: no debug checks, and no "install tfjs-node" banner in the middle of the report
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

export interface TfjsModel {
  /** one forward + backward pass; returns the loss and every gradient as float32 arrays (PyTorch names) */
  step(): { loss: number; grads: Record<string, Float32Array> };
  dispose(): void;
}

let models = 0;

/** Variables are stored transposed (in × out) so every step is x·W, the row-vector layout tf.matMul wants. */
export function tfjsModel(problem: Problem): TfjsModel {
  const { cell, size } = problem;
  const w = problem.weights as Record<string, number[][] & number[]>;
  // tfjs registers variables by name globally: prefix each model's, and strip the prefix from the gradients.
  const prefix = `bench${models++}/`;
  const transpose = (m: number[][]) => tf.tidy(() => tf.transpose(tf.tensor2d(m)));
  const variable = (name: string, value: tf.Tensor) => {
    const v = tf.variable(value, true, prefix + name);
    value.dispose();
    return v;
  };
  const variables = {
    weight_ih_l0: variable('weight_ih_l0', transpose(w.weight_ih_l0)),
    weight_hh_l0: variable('weight_hh_l0', transpose(w.weight_hh_l0)),
    bias_ih_l0: variable('bias_ih_l0', tf.tensor1d(w.bias_ih_l0)),
    bias_hh_l0: variable('bias_hh_l0', tf.tensor1d(w.bias_hh_l0)),
    'fc.weight': variable('fc.weight', transpose(w['fc.weight'])),
    'fc.bias': variable('fc.bias', tf.tensor1d(w['fc.bias'])),
  };
  // inputs[t]: [batch, input] — the batch is one matrix, so a step is a mat-mat product over all sequences.
  const inputs = Array.from({ length: size.steps }, (_, t) => tf.tensor2d(problem.inputs.map((sequence) => sequence[t])));
  const target = tf.tensor2d(problem.targets);
  const batch = problem.batch;
  const hidden = size.hidden;

  const loss = (): tf.Scalar => {
    let h: tf.Tensor2D = tf.zeros([batch, hidden]);
    let c: tf.Tensor2D = tf.zeros([batch, hidden]);
    for (let t = 0; t < size.steps; t++) {
      // z = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh
      const z: tf.Tensor2D = tf.add(
        tf.add(tf.matMul(inputs[t], variables.weight_ih_l0), variables.bias_ih_l0),
        tf.add(tf.matMul(h, variables.weight_hh_l0), variables.bias_hh_l0),
      );
      if (cell === 'rnn') {
        h = tf.tanh(z);
      } else {
        // PyTorch's gate order: input, forget, cell candidate, output
        const [i, f, g, o] = tf.split(z, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      }
    }
    const y = tf.add(tf.matMul(h, variables['fc.weight']), variables['fc.bias']);
    return tf.mean(tf.square(tf.sub(y, target)));
  };

  return {
    step() {
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        const out: Record<string, Float32Array> = {};
        // read every gradient back, as our engine hands back every gradient
        for (const [name, grad] of Object.entries(grads)) out[name.slice(prefix.length)] = grad.dataSync() as Float32Array;
        return { loss: value.dataSync()[0], grads: out };
      });
    },
    dispose() {
      for (const v of Object.values(variables)) v.dispose();
      for (const x of inputs) x.dispose();
      target.dispose();
    },
  };
}

/** tfjs's gradients in PyTorch layout (out × in), flattened, for comparing with ours. */
export function tfjsGradsAsPyTorch(problem: Problem, grads: Record<string, Float32Array>): Record<string, number[]> {
  const { size } = problem;
  const rows = (problem.cell === 'rnn' ? 1 : 4) * size.hidden;
  const untranspose = (g: Float32Array, inSize: number, outSize: number) => {
    const flat: number[] = new Array(inSize * outSize);
    for (let r = 0; r < outSize; r++) for (let c = 0; c < inSize; c++) flat[r * inSize + c] = g[c * outSize + r];
    return flat;
  };
  return {
    weight_ih_l0: untranspose(grads.weight_ih_l0, size.input, rows),
    weight_hh_l0: untranspose(grads.weight_hh_l0, size.hidden, rows),
    bias_ih_l0: Array.from(grads.bias_ih_l0),
    bias_hh_l0: Array.from(grads.bias_hh_l0),
    'fc.weight': untranspose(grads['fc.weight'], size.hidden, problem.output),
    'fc.bias': Array.from(grads['fc.bias']),
  };
}
