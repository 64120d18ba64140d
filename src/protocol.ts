// One message protocol, imported by both the extension host (src/preview, src/commands) and the webview
// (webview/). A message that one side sends and the other does not handle is a type error, not a silent drop.
// Everything here is plain data. The host sends each message encoded (encodeMessage below): JSON text, because VS
// Code serialises webview messages as JSON, which would turn NaN and ±Infinity into null, and the large tables of
// numbers beside it as bytes; the webview sends plain objects.
import type { NonFiniteAt, WeightValue } from './engine/types';
import { packTables, unpackTables } from './numberTables';

export type GradientHealth = 'healthy' | 'vanishing' | 'exploding';

/** Thresholds that decide how a step is marked (settings `unroll.gradient.*`, or the spec's `view`). */
export interface Thresholds {
  /** a step is vanishing when ‖dL/dh_t‖ < vanishing × the largest step's norm */
  vanishing: number;
  /** a step is exploding when ‖dL/dh_t‖ > exploding, or is not finite */
  exploding: number;
}

/** The closed form of a scalar RNN's gradient: dL/dh_t = dL/dh_T · Π (w2·f′) — shown beside the measured value. */
export interface ScalarClosedForm {
  /** "(w2 · f′)^(T − t)": T steps, t counted from 1 as the views number them */
  expression: string;
  w2: number;
  /** per step: the predicted dL/dh_t from the closed form */
  predicted: number[];
  /** where f′ is 1 all the way (relu while active, identity): the factor from the last step back to step 0,
   *  worked out by math.js, e.g. "2 ^ 49" */
  atFirstStep?: string;
}

/** An invalid spec's message lists at most this many problems (the count says how many there are). */
export const MAX_LISTED_PROBLEMS = 100;

/** A vector node of the unrolled network draws at most this many of its units, as stripes. */
export const DRAWN_UNITS = 8;

/** What the preview shows for one spec at one document version, for the sequence on show. */
export interface PreviewModel {
  /** document URI and version that produced it, so a stale result can be recognised and dropped */
  uri: string;
  version: number;
  name: string;
  description?: string;
  cell: 'rnn' | 'lstm' | 'gru';
  nonlinearity?: string;
  outputActivation: string;
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  numLayers: number;
  loss: { type: string; on: 'last' | 'all'; value: number };
  /** which sequence is on show (an index: the views number it from 1), and how many there are */
  sequence: number;
  sequenceCount: number;
  steps: number;
  /** [t][input] */
  inputs: number[][];
  /** per step: the target that counts at that step, or null where the loss ignores the output */
  targets: (number[] | null)[];
  /** [layer][t][unit]; the webview's copy has the first DRAWN_UNITS units only, all that a node draws */
  hidden: number[][][];
  /** LSTM: [layer][t][unit], trimmed for the webview as `hidden` is */
  cellState?: number[][][];
  /** the webview's copy: the largest finite |h| or |c| over every unit (the colour scale's reach), measured before
   *  `hidden` and `cellState` were trimmed */
  stateMax?: number;
  /** the layer (0-based, as PyTorch's weight_hh_l0 counts) whose gates are in `gates` and whose cell state and gates
   *  the network draws: the one picked in a stacked model, else the top one */
  gatesLayer: number;
  /** gate activations of layer `gatesLayer` by name (lstm i, f, g, o; gru r, z, n): [t][unit]; the webview's copy has
   *  the first DRAWN_UNITS units only, all that its gate nodes draw */
  gates?: Record<string, number[][]>;
  /** [t][output] */
  outputs: number[][];
  /** top layer's total dL/dh_t: [t][unit] */
  dLdh: number[][];
  /** LSTM top layer's dL/dc_t: [t][unit]; for the exports, not in the webview's copy */
  dLdc?: number[][];
  /** ‖dL/dh_t‖₂ of the top layer per step, unrounded */
  gradNorm: number[];
  /** spectral norm of ∂h_t/∂h_{t−1} of the top layer per step */
  jacobianNorm: number[];
  /** per parameter: each step's contribution to its gradient (Frobenius norm), summed over sequences */
  contributions: Record<string, number[]>;
  /** every parameter's shape, "rows×cols" or "length", in PyTorch order */
  weightShapes: Record<string, string>;
  /** ‖dL/dθ‖ (Frobenius) of every parameter */
  gradNorms: Record<string, number>;
  /** The values themselves. The host keeps them all (exports use them); what crosses to the webview carries them
   *  only for a scalar model, whose weights are the edge labels (w1, w2 …): the views need shapes and norms. */
  weights: Record<string, WeightValue>;
  grads: Record<string, WeightValue>;
  /** per step, from gradNorm and the thresholds */
  stepHealth: GradientHealth[];
  health: GradientHealth;
  thresholds: Thresholds;
  firstNonFinite: NonFiniteAt | null;
  scalar?: ScalarClosedForm;
  /** time the engine took (forward + BPTT), ms */
  computeMs: number;
  /** cross-entropy: what the model predicts at each step, softmax(y_t) ([t][class]); `labels` name the classes
   *  (a text's characters; absent = class numbers) */
  classes?: { probabilities: number[][]; labels?: string[] };
  /** text data: the sequence's characters, one more than its steps: step t reads characters[t], predicts characters[t + 1] */
  characters?: string[];
  /** Set when the weights are a training snapshot (Training replay), not the spec's: after `epoch` of the run's `epochs`. */
  replay?: { epoch: number; epochs: number };
  /** the gradient chart's value axis (the spec's view.scale); absent = log */
  scale?: 'log' | 'linear';
  /** words for input values (the spec's view.inputLabels): "0.5" → "medium", matched by numeric value */
  inputLabels?: Record<string, string>;
}

/** A problem of an invalid spec, for the banner and the list: what it says and where (1-based, as the editor counts). */
export interface PreviewProblem {
  message: string;
  line: number;
  column: number;
}

/** A training run as the views show it. The host keeps one per spec and sends it whole to a view that (re)appears;
 *  while it runs, only what is new (TrainingDelta), so a run of many thousands of epochs costs each view O(epochs). */
export interface TrainingProgress {
  uri: string;
  /** epochs completed, of `epochs` */
  epoch: number;
  epochs: number;
  /** minibatch updates done in the epoch under way (0 between epochs), of `batches` per epoch; `updates` over the run */
  batch: number;
  batches: number;
  updates: number;
  /** per epoch: the mean minibatch loss and gradient norm (before clipping) */
  loss: number[];
  gradNorm: number[];
  /** per epoch, after it: the loss on the held-out sequences; empty without `data.validation` */
  validationLoss: number[];
  state: 'running' | 'done' | 'cancelled' | 'diverged';
  /** set when state is 'diverged' */
  divergence?: Divergence;
  /** epochs whose weights were kept (Training replay), oldest first, once the run has ended; 0 = the initial weights */
  replayEpochs?: number[];
}

/** Where training stopped being finite, and the settings that would tame it. */
export interface Divergence {
  /** 1-based: the epoch, and the minibatch in it, whose loss or gradient was not finite (nothing of it was applied) */
  epoch: number;
  batch: number;
  /** what first stopped being finite: "loss", "hidden", a parameter's gradient … (NonFiniteAt.quantity) */
  quantity: string;
  learningRate: number;
  clipNorm?: number;
}

/** What a running training adds to its TrainingProgress since the last report: the curves from index `from` on. */
export type TrainingDelta = Omit<TrainingProgress, 'loss' | 'gradNorm' | 'validationLoss' | 'replayEpochs'> & {
  from: number;
  loss: number[];
  gradNorm: number[];
  validationLoss: number[];
};

/** Applies a delta to a progress in place (the host's copy and each view's); false when the delta leaves a gap. */
export function applyTrainingDelta(progress: TrainingProgress, delta: TrainingDelta): boolean {
  if (delta.uri !== progress.uri || delta.from > progress.loss.length) return false;
  const { from, loss, gradNorm, validationLoss, ...scalars } = delta;
  const append = (into: number[], values: number[], at: number) => {
    into.length = Math.min(into.length, at);
    for (const v of values) into.push(v);
  };
  append(progress.loss, loss, from);
  append(progress.gradNorm, gradNorm, from);
  append(progress.validationLoss, validationLoss, from);
  Object.assign(progress, scalars);
  return true;
}

/** Generated text, as the sample view shows it (Unroll: Sample from Model). */
export interface SampleShown {
  uri: string;
  prime: string;
  /** what was drawn, one entry per character after the prime, with the model's top candidates */
  steps: { character: string; probability: number; candidates: { character: string; probability: number }[] }[];
  temperature: number;
  seed: number;
  /** whose weights: the ones trained in this session, or the spec's (its own or from init) */
  weights: 'trained' | 'spec' | 'init';
  /** e.g. "trained here for 100 epochs (loss 1.234)" */
  weightsNote: string;
}

/** Gradient-norm-versus-distance curves of rnn, lstm and gru on the same data. */
export interface Comparison {
  uri: string;
  /** init.forgetBias the lstm's forget gate and the gru's update gate started at (the view says so) */
  openGateBias?: number;
  /** distance k = T − 1 − t from the last step, 0..T−1 */
  curves: { cell: 'rnn' | 'lstm' | 'gru'; gradNormByDistance: number[]; loss: number }[];
}

export interface ViewSettings {
  colorScale: 'diverging' | 'viridis';
  thresholds: Thresholds;
}

/** Work the host does for a view, which may fail: the view then shows why instead of waiting. */
export type HostJob = 'preview' | 'train' | 'compare' | 'sample' | 'replay';

export type HostToWebview =
  /** Which document this panel shows and whether it is locked to it. The host decides both; the webview keeps them
   *  in its saved state so that a window reload restores the panel as it was. A new `uri` starts a fresh view. */
  | { type: 'panel'; uri: string; locked: boolean }
  | { type: 'model'; model: PreviewModel; settings: ViewSettings }
  /** The spec cannot run: its first error (the banner over a last valid picture), how many errors there are, and
   *  every one of them in order (the list shown when there is no picture yet; at most MAX_LISTED_PROBLEMS). */
  | { type: 'invalid'; uri: string; version: number; problem: PreviewProblem; problemCount: number; problems: PreviewProblem[] }
  | { type: 'training'; progress: TrainingProgress }
  /** what a running training added since the last message (see applyTrainingDelta) */
  | { type: 'trainingDelta'; delta: TrainingDelta }
  /** text generated by Unroll: Sample from Model; `reveal`: just made, scroll it into view (not when a view reappears) */
  | { type: 'sample'; sample: SampleShown; reveal?: boolean }
  | { type: 'comparison'; comparison: Comparison }
  /** A job for this document failed (or could not start): the view ends its "…ing" state and says why. */
  | { type: 'failed'; uri: string; job: HostJob; message: string }
  /** The editor's cursor moved onto a weight, a sequence or a step: highlight it. */
  | { type: 'highlight'; target: SpecTarget | null }
  /** Export… asks the view for a picture as it draws it: the unrolled diagram (SVG, or PNG as a data: URL) or the
   *  gradient chart (SVG, for the HTML report). */
  | { type: 'exportRequest'; id: number; format: 'svg' | 'png'; part?: ExportPart };

/** What Export… can ask the view to draw: absent = the diagram. */
export type ExportPart = 'diagram' | 'gradient-chart';

/** Every host message type, once: the Record makes leaving one out (or adding one that is not a message) a type error. */
const HOST_MESSAGE_TYPES: Record<HostToWebview['type'], true> = {
  panel: true,
  model: true,
  invalid: true,
  training: true,
  trainingDelta: true,
  sample: true,
  comparison: true,
  failed: true,
  highlight: true,
  exportRequest: true,
};

export function isHostMessageType(type: unknown): type is HostToWebview['type'] {
  return typeof type === 'string' && Object.hasOwn(HOST_MESSAGE_TYPES, type);
}

/** Something in the spec that a view element stands for. */
export type SpecTarget =
  | { kind: 'weight'; name: string }
  | { kind: 'sequence'; sequence: number }
  | { kind: 'step'; sequence: number; step: number };

/** A request about the document the view showed when it was sent: the host drops it if the panel has moved on. */
type AboutDocument<T> = T & { uri: string };

export type WebviewToHost =
  /** The webview is ready; the host answers with the panel's document and model, so no early message is lost. */
  | { type: 'ready' }
  /** Reveal a problem (or any spot) in the editor. */
  | AboutDocument<{ type: 'reveal'; line: number; column: number }>
  /** Select the target's JSON in the editor; keepFocus: the view keeps the keyboard (a picker the user may arrow through). */
  | AboutDocument<{ type: 'select'; target: SpecTarget; keepFocus?: boolean }>
  /** Show another sequence of the spec. */
  | AboutDocument<{ type: 'showSequence'; sequence: number }>
  /** Show the cell state and gates of another layer (stacked LSTMs and GRUs). */
  | AboutDocument<{ type: 'showLayer'; layer: number }>
  | AboutDocument<{ type: 'train' }>
  | AboutDocument<{ type: 'stopTraining' }>
  | AboutDocument<{ type: 'compare' }>
  /** Training replay: redraw the preview with the weights kept after this epoch; null = the spec's weights again. */
  | AboutDocument<{ type: 'showEpoch'; epoch: number | null }>
  /** Apply a suggested setting after training diverged (a quick fix in the spec, one undoable edit). */
  | AboutDocument<{ type: 'fixDivergence'; fix: DivergenceFix }>
  /** Sample again with the last sample's settings and the next seed. */
  | AboutDocument<{ type: 'sampleAgain' }>
  /** Save the view's state (zoom, selection) so the serializer can restore it. */
  | { type: 'state'; state: PreviewState }
  /** The answer to an exportRequest (data undefined when the view could not draw it). */
  | { type: 'exported'; id: number; format: 'svg' | 'png'; data?: string };

/** The settings a diverged run suggests: clip the gradient's norm, or a learning rate ten times smaller. */
export type DivergenceFix = 'clipNorm' | 'learningRate';

/** Kept by the webview with setState, and handed back to the serializer after a reload. */
export interface PreviewState {
  uri: string;
  locked: boolean;
  sequence?: number;
  /** the layer whose cell state and gates are drawn (stacked models); absent = the top one */
  layer?: number;
  scrollX?: number;
  scrollY?: number;
  zoom?: number;
  rolled?: boolean;
  selectedWeight?: string;
  selectedStep?: number;
}

// VS Code serialises webview messages as JSON, which turns NaN and ±Infinity into null. An exploding
// gradient is exactly what this extension must show, so non-finite numbers outside the tables (which go as bytes,
// below) travel as tagged strings.
const NON_FINITE = '\u0000nonfinite:';
/** The tag as it appears inside JSON text (JSON escapes the NUL character). */
const NON_FINITE_IN_JSON = JSON.stringify(NON_FINITE).slice(1, -1);

/**
 * What the host posts: the message as JSON text, with its large tables of numbers (a view's per-step, per-unit
 * arrays) moved into one Float64Array. VS Code carries a typed array in a webview message as bytes (since 1.57),
 * where JSON text is written and read again at every hop: on an lstm 1→64 over 200 steps the tables were 280 KB of
 * text, and every 100 KB of it cost the keystroke about 25 ms. Bytes keep NaN and ±Infinity as they are, too.
 */
export interface EncodedMessage {
  json: string;
  /** the tables' numbers, row after row, each table where its marker in `json` says */
  numbers?: Float64Array;
}

/** Host side: the message with its tables as bytes and every other non-finite number kept. */
export function encodeMessage(message: HostToWebview): EncodedMessage {
  const { rest, numbers } = packTables(message);
  return { json: encodeJson(rest), numbers };
}

/** Webview side: the inverse of encodeMessage (and of its JSON text alone). */
export function decodeMessage(encoded: EncodedMessage | string): HostToWebview {
  if (typeof encoded === 'string') return decodeJson(encoded);
  const message = decodeJson(encoded.json);
  return encoded.numbers ? (unpackTables(message, encoded.numbers) as HostToWebview) : message;
}

/** What a message costs to send: its text and its numbers, in bytes (a UTF-16 unit counted as one). */
export function encodedSize(encoded: EncodedMessage): number {
  return encoded.json.length + (encoded.numbers?.byteLength ?? 0);
}

/** JSON text with non-finite numbers kept (as tagged strings). */
function encodeJson(message: unknown): string {
  // A replacer makes JSON.stringify call back for every value, 4× slower on a large model than the plain call;
  // it is needed only where there is a NaN or ±Infinity to keep, which a walk over the values finds first.
  if (!hasNonFinite(message)) return JSON.stringify(message);
  return JSON.stringify(message, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? NON_FINITE + String(value) : value,
  );
}

function decodeJson(text: string): HostToWebview {
  // The tag is in the text only if the host tagged something; without it the plain (fast) parse is exact.
  if (!text.includes(NON_FINITE_IN_JSON)) return JSON.parse(text) as HostToWebview;
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(NON_FINITE) ? Number(value.slice(NON_FINITE.length)) : value,
  ) as HostToWebview;
}

/** Whether a NaN or ±Infinity is anywhere in a JSON-like value (what JSON.stringify would write as null). */
export function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number' ? !Number.isFinite(item) : hasNonFinite(item)) return true;
    }
    return false;
  }
  for (const key in value) if (hasNonFinite((value as Record<string, unknown>)[key])) return true;
  return false;
}
