// A gallery to develop and test the webview in a plain browser, no VS Code needed.
//   node scripts/webview-gallery.mjs [--port 4173] [--no-build | --production]
// Builds (node esbuild.mjs), then serves on 127.0.0.1 a host page that embeds the webview in an iframe, as
// VS Code does: the same body classes (vscode-light / vscode-dark / vscode-high-contrast), a set of --vscode-*
// variables per theme, the same CSP (with 'self' in place of the nonce), and HostToWebview messages sent with
// postMessage. The webview's browser fallback (webview/vscode.ts) posts its WebviewToHost messages to the parent,
// where this page answers them like the host would (ready → model, showSequence, train, compare ...).
// Models: hand-made samples (test/webview/sampleModels.ts) and the real engine running in the page on the text of an
// examples/*.rnn.json, editable in a textarea like the editor (test/webview/engineModels.ts), bundled on start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { watPlugin } from './wat.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'webview');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
};

const THEME_DIR = join(ROOT, 'test', 'webview', 'themes');

/**
 * The variables and body classes a real workbench gives the preview, per theme (captured from code-server by
 * scripts/capture-themes.mjs): Light+, Solarized Light, Dark Modern and both high-contrast themes, and the names
 * the tests used before them (light, dark, high-contrast).
 */
export const THEMES = (() => {
  const captured = Object.fromEntries(
    readdirSync(THEME_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const { bodyClass, vars } = JSON.parse(readFileSync(join(THEME_DIR, f), 'utf8'));
        return [f.replace(/\.json$/, ''), { bodyClass, vars }];
      }),
  );
  return { ...captured, light: captured['light-plus'], dark: captured['dark-modern'], 'high-contrast': captured['hc-dark'] };
})();

const FONT = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px',
};

function htmlStyle(theme) {
  const vars = { ...FONT, ...THEMES[theme].vars };
  return Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ').replace(/"/g, '&quot;');
}

/** The page VS Code would give the webview (src/preview/html.ts), with 'self' in place of the nonce. */
function webviewPage(theme) {
  const csp = ["default-src 'none'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "font-src 'self'", "script-src 'self'"].join('; ');
  return `<!DOCTYPE html>
<html lang="en" style="${htmlStyle(theme)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="/main.css">
  <title>Unroll webview</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass.split(' ').pop()}">
  <div id="app"></div>
  <script src="/main.js"></script>
</body>
</html>`;
}

function galleryPage() {
  // The host page (not the webview) runs the spec layer, whose schema validator (ajv) compiles with new Function,
  // as the extension host may; the webview's own page keeps the strict CSP.
  const csp = ["default-src 'none'", "style-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-eval'", "frame-src 'self'", "connect-src 'self'"].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <title>Unroll webview gallery</title>
  <style>
    body { margin: 0; font: 13px system-ui, sans-serif; background: #e8e8e8; color: #222; display: flex; flex-direction: column; height: 100vh; }
    header { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 8px 12px; background: #f6f6f6; border-bottom: 1px solid #ccc; }
    header label { display: inline-flex; gap: 4px; align-items: center; }
    header output { font-variant-numeric: tabular-nums; min-width: 3em; display: inline-block; }
    #stage { flex: 1; display: flex; min-height: 0; }
    #webview { flex: 1; border: 0; background: white; }
    #side { width: 340px; display: flex; flex-direction: column; border-left: 1px solid #ccc; }
    #spec { flex: 1.2; font: 11px ui-monospace, monospace; border: 0; border-bottom: 1px solid #ccc; padding: 6px; resize: none; }
    #log { flex: 1; overflow: auto; font: 11px ui-monospace, monospace; padding: 6px; margin: 0; background: #fafafa; white-space: pre-wrap; }
  </style>
  <script src="/samples.js"></script>
  <script src="/examples.js"></script>
  <script src="/gallery.js" defer></script>
</head>
<body>
  <header>
    <strong>Unroll gallery</strong>
    <label>Theme <select id="theme">${Object.keys(THEMES).map((t) => `<option>${t}</option>`).join('')}</select></label>
    <label>Sample <select id="sample"></select></label>
    <label>Example (real engine) <select id="example"><option value="">—</option></select></label>
    <label>w2 <input id="w2" type="range" min="0" max="2.5" step="0.01" value="2"><output id="w2-value">2</output></label>
    <button id="send">Send model</button>
    <button id="invalid">Send invalid</button>
    <button id="training">Simulate training</button>
    <button id="comparison">Send comparison</button>
    <button id="text">Send text model and sample</button>
    <button id="highlight-weight">Highlight w2</button>
    <button id="highlight-step">Highlight step 3</button>
    <button id="measure">Measure lstm update</button>
    <output id="timing"></output>
  </header>
  <div id="stage">
    <iframe id="webview" title="Unroll webview"></iframe>
    <div id="side">
      <textarea id="spec" spellcheck="false" aria-label="Spec text (pick an example): edits re-run the engine, as typing in the editor does"></textarea>
      <pre id="log" aria-label="Messages from the webview"></pre>
    </div>
  </div>
</body>
</html>`;
}

/** Runs in the gallery page (served as /gallery.js). Plays the extension host's part. */
function galleryClient() {
  const S = window.UnrollSamples;
  const EXAMPLES = window.UnrollExamples || {};
  const frame = document.getElementById('webview');
  const params = new URLSearchParams(location.search);
  const state = {
    theme: params.get('theme') || 'dark',
    sample: params.get('sample') || 'exploding',
    example: params.get('example') || '',
    sequence: 0,
    /** the layer picked in a stacked example (undefined = the top one) */
    layer: undefined,
    version: 1,
    training: null,
    shown: undefined,
    sampleSeed: 0,
  };
  const log = [];
  const $ = (id) => document.getElementById(id);

  /** The document the webview was last told it shows (the host's 'panel' message), as the host would tell it. */
  let panelUri;
  const post = (message) => {
    // The host says which document a panel shows before anything about it; a view drops what is about another one.
    const uri = message.type === 'model' ? message.model.uri : message.type === 'invalid' ? message.uri : undefined;
    if (message.type === 'panel') panelUri = message.uri;
    else if (uri !== undefined && uri !== panelUri) {
      panelUri = uri;
      frame.contentWindow.postMessage({ type: 'panel', uri, locked: false }, '*');
    }
    // What the view shows is what a simulated training or comparison is about.
    if (message.type === 'model') state.shown = message.model;
    frame.contentWindow.postMessage(message, '*');
  };
  const modelMessage = (model) => ({ type: 'model', model, settings: S.SETTINGS });
  const current = () => {
    if (state.sample === 'exploding' && state.w2 !== undefined) return S.exploding(state.w2, 50, state.version);
    return S.SAMPLES[state.sample].build(state.sequence, state.version);
  };
  /** The message the host would send now: a hand-made sample, or the engine on the edited example text. */
  function currentMessage() {
    if (state.example && S.engineMessage) return S.engineMessage($('spec').value, `file:///examples/${state.example}`, state.version, state.sequence, state.layer);
    return modelMessage(current());
  }
  const sendModel = () => {
    const message = currentMessage();
    if (message.type === 'model') state.shown = message.model;
    post(message);
  };
  // What the webview shows now: the document of the last panel message (tests post models of their own).
  const shown = () => {
    const model = state.shown ?? current();
    return panelUri && panelUri !== model.uri ? { ...model, uri: panelUri } : model;
  };

  function print(message) {
    log.push(message);
    const line = JSON.stringify(message);
    $('log').textContent = `${line.length > 300 ? line.slice(0, 300) + '…' : line}\n${$('log').textContent}`.slice(0, 20000);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    const message = event.data;
    print(message);
    switch (message.type) {
      case 'ready':
        // A (re)loaded webview: the host tells it its document first. (A reload restores it from the saved state.)
        panelUri = undefined;
        if (params.get('auto') !== '0') sendModel();
        break;
      case 'showSequence':
        state.sequence = message.sequence;
        state.sample = sampleKeyOf(shown().uri) ?? state.sample;
        sendModel();
        break;
      case 'showLayer':
        // Only an example's text can run again for another layer; a hand-made sample has the gates it was made with.
        state.layer = message.layer;
        if (state.example) sendModel();
        break;
      case 'train':
        simulateTraining();
        break;
      case 'stopTraining':
        if (state.training) state.training.cancelled = true;
        break;
      case 'compare':
        setTimeout(() => post({ type: 'comparison', comparison: S.comparison(shown().uri, shown().steps) }), 150);
        break;
      case 'showEpoch': {
        // Training replay, as the host answers it: the model again, marked with the epoch whose weights it shows.
        const { replay, ...model } = shown();
        void replay;
        state.shown = message.epoch === null ? model : { ...model, replay: { epoch: message.epoch, epochs: state.trainedEpochs ?? 120 } };
        post(modelMessage(state.shown));
        break;
      }
      case 'sampleAgain':
        if (S.textSample) sendSample(state.sampleSeed + 1, false);
        break;
    }
  });

  /** The hand-made sample a document is (a test may post one without picking it here), to build another sequence of it. */
  function sampleKeyOf(uri) {
    if (!uri.startsWith('file:///samples/')) return undefined;
    return Object.keys(S.SAMPLES).find((key) => S.SAMPLES[key].build(0, 0).uri === uri);
  }

  /** A text model and text sampled from it (the real engine, trained in the page). */
  function sendText() {
    state.version++;
    state.shown = S.textModel('file:///examples/tiny-char-rnn.rnn.json', state.version);
    post(modelMessage(state.shown));
    sendSample(0, true);
  }

  function sendSample(seed, reveal) {
    state.sampleSeed = seed;
    post({ type: 'sample', sample: S.textSample(shown().uri, { seed }), reveal });
  }

  /** As the host streams a run: the whole (empty) progress first, then only what is new, then the whole at the end. */
  function simulateTraining(epochs = 120, options = { validation: true, batches: 4 }) {
    if (state.training) state.training.cancelled = true;
    const run = { cancelled: false };
    state.training = run;
    const uri = shown().uri;
    let epoch = 0;
    const end = (status) => {
      const progress = S.trainingProgress(uri, epoch, epochs, status, options);
      state.trainedEpochs = epoch;
      post({ type: 'training', progress: { ...progress, replayEpochs: Array.from({ length: epoch + 1 }, (_, e) => e) } });
    };
    post({ type: 'training', progress: S.trainingProgress(uri, 0, epochs, 'running', options) });
    const tick = () => {
      if (run.cancelled) return end('cancelled');
      const from = epoch;
      epoch = Math.min(epochs, epoch + 3);
      const full = S.trainingProgress(uri, epoch, epochs, 'running', options);
      const { loss, gradNorm, validationLoss, replayEpochs, ...scalars } = full;
      void replayEpochs;
      post({ type: 'trainingDelta', delta: { ...scalars, from, loss: loss.slice(from), gradNorm: gradNorm.slice(from), validationLoss: validationLoss.slice(from) } });
      if (epoch < epochs) setTimeout(tick, 40);
      else end('done');
    };
    tick();
  }

  function setTheme(theme) {
    state.theme = theme;
    $('theme').value = theme;
    const doc = frame.contentDocument;
    if (!doc || !doc.body) return;
    // As VS Code does on a theme change: new variables on <html>, new class on <body>, no reload.
    fetch(`/webview.html?theme=${encodeURIComponent(theme)}`).then((r) => r.text()).then((html) => {
      const style = /<html lang="en" style="([^"]*)"/.exec(html)[1].replace(/&quot;/g, '"');
      doc.documentElement.setAttribute('style', style);
      doc.body.className = /<body class="([^"]*)"/.exec(html)[1];
      doc.body.dataset.vscodeThemeKind = doc.body.className;
    });
  }

  /**
   * Times updates of the sample `key` as the user would cause them (a new version of the same document):
   * script = dispatch of the message → the handler and Svelte's flush (DOM updated);
   * layout = the style + layout that the update costs (forced right after, so nothing else is in it);
   * updateToFrame = dispatch → the start of the next animation frame (includes waiting for vsync).
   */
  async function measure(key = 'lstm', iterations = 40) {
    const win = frame.contentWindow;
    const variants = [0, 1, 2, 3].map((s) => S.SAMPLES[key].build(s, 0));
    // A document of its own, so the high versions used here never make a later real update look stale.
    const uri = `${variants[0].uri}#timing`;
    // The view shows that document first, as the host's 'panel' message says (dispatched at once, not timed).
    panelUri = uri;
    win.dispatchEvent(new win.MessageEvent('message', { data: { type: 'panel', uri, locked: false } }));
    const script = [];
    const layout = [];
    const toFrame = [];
    let version = 1;
    for (let i = 0; i < iterations + 5; i++) {
      const model = { ...variants[i % variants.length], uri, version: ++version };
      const frameStart = new Promise((done) => win.requestAnimationFrame(() => done(win.performance.now())));
      const t0 = win.performance.now();
      win.dispatchEvent(new win.MessageEvent('message', { data: modelMessage(model) }));
      // Svelte flushes its batch in a microtask; a few hops let every effect run.
      for (let k = 0; k < 4; k++) await Promise.resolve();
      const t1 = win.performance.now();
      const shown = win.document.querySelector('main')?.dataset.version;
      if (shown !== String(version)) throw new Error(`version ${version} not rendered (shows ${shown})`);
      void win.document.body.offsetHeight;
      win.document.body.getBoundingClientRect();
      const t2 = win.performance.now();
      const t3 = await frameStart;
      if (i >= 5) {
        script.push(t1 - t0);
        layout.push(t2 - t1);
        toFrame.push(t3 - t0);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const stats = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
      return { median: +at(0.5).toFixed(2), p95: +at(0.95).toFixed(2), max: +s[s.length - 1].toFixed(2) };
    };
    const result = { key, iterations, script: stats(script), layout: stats(layout), updateToFrame: stats(toFrame) };
    $('timing').textContent = `${key}: script ${result.script.median} ms (p95 ${result.script.p95}), layout ${result.layout.median} ms`;
    return result;
  }

  for (const [key, sample] of Object.entries(S.SAMPLES)) {
    const option = document.createElement('option');
    option.value = key;
    option.textContent = sample.title;
    $('sample').append(option);
  }
  for (const name of Object.keys(EXAMPLES)) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    $('example').append(option);
  }
  $('sample').value = state.sample;
  $('example').value = state.example;
  if (state.example) $('spec').value = EXAMPLES[state.example] ?? '';
  $('theme').value = state.theme;
  $('example').onchange = () => {
    state.example = $('example').value;
    $('spec').value = EXAMPLES[state.example] ?? '';
    state.sequence = 0;
    state.layer = undefined;
    state.version++;
    sendModel();
  };
  // Typing in the spec re-runs the engine after the host's default debounce (unroll.diagnostics.delayMs = 150).
  let typing;
  $('spec').oninput = () => {
    if (!state.example) return;
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.version++;
      sendModel();
    }, 150);
  };
  $('sample').onchange = () => {
    state.example = '';
    $('example').value = '';
    state.sample = $('sample').value;
    state.sequence = 0;
    state.w2 = undefined;
    state.version++;
    sendModel();
  };
  $('theme').onchange = () => setTheme($('theme').value);
  $('w2').oninput = () => {
    state.example = '';
    $('example').value = '';
    state.sample = 'exploding';
    $('sample').value = 'exploding';
    state.w2 = Number($('w2').value);
    $('w2-value').textContent = state.w2.toFixed(2);
    state.version++;
    sendModel();
  };
  $('send').onclick = () => {
    state.version++;
    sendModel();
  };
  $('invalid').onclick = () =>
    post({ type: 'invalid', uri: shown().uri, version: ++state.version, ...S.invalidSample() });
  $('training').onclick = () => simulateTraining();
  $('comparison').onclick = () => post({ type: 'comparison', comparison: S.comparison(shown().uri, shown().steps) });
  $('text').onclick = () => sendText();
  $('highlight-weight').onclick = () => post({ type: 'highlight', target: { kind: 'weight', name: 'weight_hh_l0' } });
  $('highlight-step').onclick = () => post({ type: 'highlight', target: { kind: 'step', sequence: state.sequence, step: 3 } });
  $('measure').onclick = () => measure('lstm').then((r) => print(r));

  frame.src = `/webview.html?theme=${encodeURIComponent(state.theme)}`;
  window.gallery = { post, setTheme, measure, log, samples: S, examples: EXAMPLES, state, sendModel, frame, simulateTraining, sendText };
}

/** The webview target of esbuild.mjs, alone (same options). */
function buildWebviewOnly(production) {
  const result = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as esbuild from 'esbuild'; import sveltePlugin from 'esbuild-svelte';
       const production = ${production};
       await esbuild.build({ entryPoints: { 'webview/main': 'webview/main.ts' }, outdir: 'dist', bundle: true, sourcemap: !production,
         minify: production, legalComments: production ? 'none' : 'inline', logLevel: 'info',
         platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['svelte', 'browser', 'module', 'main'],
         conditions: ['svelte', 'browser'], plugins: [sveltePlugin({ compilerOptions: { css: 'external', dev: !production } })] });`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) throw new Error('the webview does not build');
}

function build() {
  if (args.includes('--no-build')) return;
  // --production: the webview as it is packaged (minified, Svelte without dev checks), for timing.
  if (args.includes('--production')) return buildWebviewOnly(true);
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status === 0) return;
  // Others may be mid-edit elsewhere in the tree; the webview alone is enough for the gallery.
  console.warn('[gallery] node esbuild.mjs failed; building the webview target alone');
  buildWebviewOnly(false);
}

/** Hand-made samples and the real engine for the page; the hand-made ones alone if the engine does not bundle. */
async function bundleSamples() {
  const bundle = (entry) =>
    esbuild.build({
      entryPoints: [join(ROOT, entry)], bundle: true, write: false, format: 'iife', globalName: 'UnrollSamples', platform: 'browser', target: 'es2022', logLevel: 'silent',
      // the engine's WebAssembly kernels, as in every other bundle (in a page's main thread the browser may refuse
      // to compile them synchronously: the engine then runs its TypeScript kernels)
      plugins: [watPlugin],
    });
  try {
    return (await bundle('test/webview/gallerySamples.ts')).outputFiles[0].text;
  } catch (error) {
    console.warn(`[gallery] the engine does not bundle for the browser (${error.message.split('\n')[0]}); hand-made samples only`);
    return (await bundle('test/webview/sampleModels.ts')).outputFiles[0].text;
  }
}

/** examples/*.rnn.json as window.UnrollExamples (name → text). */
function examplesScript() {
  const dir = join(ROOT, 'examples');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.rnn.json')).sort() : [];
  const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  return `window.UnrollExamples = ${JSON.stringify(texts).replace(/</g, '\\u003c')};`;
}

export async function startGallery({ port = 0 } = {}) {
  build();
  const samples = await bundleSamples();
  const client = `(${galleryClient.toString()})();`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status, type, body) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const theme = THEMES[url.searchParams.get('theme')] ? url.searchParams.get('theme') : 'dark';
    switch (url.pathname) {
      case '/':
        return send(200, 'text/html; charset=utf-8', galleryPage());
      case '/webview.html':
        return send(200, 'text/html; charset=utf-8', webviewPage(theme));
      case '/gallery.js':
        return send(200, 'text/javascript; charset=utf-8', client);
      case '/samples.js':
        return send(200, 'text/javascript; charset=utf-8', samples);
      case '/examples.js':
        return send(200, 'text/javascript; charset=utf-8', examplesScript());
      case '/main.js':
      case '/main.css':
      case '/main.js.map':
      case '/main.css.map': {
        const file = join(DIST, url.pathname.slice(1));
        if (!existsSync(file)) return send(404, 'text/plain', `${file} is missing: run node esbuild.mjs`);
        const type = url.pathname.endsWith('.css') ? 'text/css' : url.pathname.endsWith('.js') ? 'text/javascript' : 'application/json';
        return send(200, `${type}; charset=utf-8`, readFileSync(file));
      }
      default:
        return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  const url = `http://127.0.0.1:${address.port}/`;
  return { url, close: () => new Promise((done) => server.close(done)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startGallery({ port: Number(option('port', 0)) });
  console.log(`Unroll webview gallery: ${url}`);
}
