// `node dist/bench-preview.js SPEC... [--json] [--runs N]`: the host-side work of one live-preview update, in one
// process and without VS Code, phase by phase as src/preview/pipeline.ts does it (parse with data, engine run,
// preview model), then the message as JSON and its size. scripts/bench-preview.mjs prints these beside the
// end-to-end latency, so a slow edit can be traced to the engine, the message or the trip between.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodedSize, encodeMessage, type EncodedMessage } from '../src/protocol';
import { computePreview } from '../src/jobs/preview';
import { snapshotFromText } from '../src/jobs/snapshotFromDisk';
import { forDisplay } from '../src/preview/displayPrecision';
import { parseSpec } from '../src/spec/index';
import { median, timeOnce } from './timing';

const THRESHOLDS = { vanishing: 1e-6, exploding: 1e6 };

interface PreviewPhases {
  file: string;
  runs: number;
  /** medians, ms */
  parseMs: number;
  engineMs: number;
  modelMs: number;
  encodeMs: number;
  /** computePreview as the preview worker calls it (parse + engine + model); modelMs: rounding it for display */
  pipelineMs: number;
  messageBytes: number;
}

function measurePhases(file: string, runs: number): PreviewPhases {
  const path = resolve(file);
  const text = readFileSync(path, 'utf8');
  const options = { baseDir: dirname(path), fileName: path };
  const times = { parse: [] as number[], engine: [] as number[], model: [] as number[], encode: [] as number[], pipeline: [] as number[] };
  let messageBytes = 0;
  // The first two runs warm the JIT and are not counted.
  for (let i = 0; i < runs + 2; i++) {
    let parsed = parseSpec(text, options);
    const parseMs = timeOnce(() => (parsed = parseSpec(text, options)));
    const spec = parsed.spec;
    if (!spec) throw new Error(`${file}: ${parsed.problems[0]?.message ?? 'not a valid spec'}`);
    // As the preview does it: the worker's pipeline, then the message as the panel posts it.
    const input = { spec: snapshotFromText(text, { uri: path, version: i, ...options }) };
    let outcome = computePreview(input);
    const pipelineMs = timeOnce(() => (outcome = computePreview(input)));
    if (outcome.type !== 'model') throw new Error(`${file}: ${outcome.problem.message}`);
    const engineMs = outcome.model.computeMs;
    const { model: shown } = outcome;
    let display = forDisplay(shown);
    const modelMs = timeOnce(() => (display = forDisplay(shown)));
    let message: EncodedMessage = { json: '' };
    const encodeMs = timeOnce(() => (message = encodeMessage({ type: 'model', model: display, settings: { colorScale: 'diverging', thresholds: THRESHOLDS } })));
    messageBytes = encodedSize(message);
    if (i < 2) continue;
    times.parse.push(parseMs);
    times.engine.push(engineMs);
    times.model.push(modelMs);
    times.encode.push(encodeMs);
    times.pipeline.push(pipelineMs);
  }
  return {
    file,
    runs,
    parseMs: median(times.parse),
    engineMs: median(times.engine),
    modelMs: median(times.model),
    encodeMs: median(times.encode),
    pipelineMs: median(times.pipeline),
    messageBytes,
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '15' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    console.error('usage: node dist/bench-preview.js SPEC... [--json] [--runs N]');
    process.exit(2);
  }
  const phases = positionals.map((file) => measurePhases(file, Number(values.runs)));
  if (values.json) {
    console.log(JSON.stringify(phases, null, 2));
    return;
  }
  for (const p of phases) {
    console.log(
      `${p.file}: parse ${p.parseMs.toFixed(2)} ms, engine ${p.engineMs.toFixed(2)} ms, model ${p.modelMs.toFixed(2)} ms, ` +
        `encode ${p.encodeMs.toFixed(2)} ms (pipeline ${p.pipelineMs.toFixed(2)} ms), message ${(p.messageBytes / 1024).toFixed(0)} KB`,
    );
  }
}

main();
