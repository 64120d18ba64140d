// The pieces of the edit-to-render benchmark (scripts/bench-preview.mjs) that run inside the browser, and its
// statistics. Two documents take part: the workbench page, where the keystroke lands, and the preview's webview
// frame, where the new numbers appear. Both stamp events with performance.timeOrigin + performance.now(): the
// same epoch clock in every document of one browser, sub-millisecond, never adjusted by NTP mid-run like
// Date.now(). calibrateClocks() measures how far the two documents' clocks disagree, so that is a number too.

/** Arms a capture-phase keydown listener in the workbench page: the next keydown's time is kept. */
export async function installKeyProbe(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    if (w.__unrollKeyProbe) return;
    w.__unrollKeyProbe = { armed: false, at: undefined };
    window.addEventListener(
      'keydown',
      () => {
        const probe = w.__unrollKeyProbe;
        if (!probe.armed) return;
        probe.armed = false;
        probe.at = performance.timeOrigin + performance.now();
      },
      true,
    );
  });
}

/** Arms the key probe for the next keystroke. */
export async function armKeyProbe(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__unrollKeyProbe.armed = true;
    w.__unrollKeyProbe.at = undefined;
  });
}

/** Time (epoch ms) of the keydown the probe caught, or undefined. */
export async function keyTime(page) {
  return page.evaluate(() => /** @type {any} */ (window).__unrollKeyProbe.at);
}

/**
 * Watches the webview for the exact ‖dL/dh‖ of step `step` (the data-grad-norm of its table row) to change, and
 * reports each change through `binding` (a function exposed with page.exposeFunction) with four stamps:
 *   messageAt  the host's `model` message arrived in the webview (its event's timeStamp: the app's own listener
 *              runs, and Svelte renders, before a listener added now would);
 *   domAt      the attribute was written (the MutationObserver runs right after Svelte's update);
 *   frameAt    the next animation frame began (the frame that paints the change);
 *   paintedAt  that frame's rendering is done (a task queued from the frame callback runs after layout and paint).
 * @param {import('playwright-core').Frame} frame
 */
export async function installRenderProbe(frame, binding, step = 0) {
  await frame.evaluate(
    ([binding, step]) => {
      const w = /** @type {any} */ (window);
      const now = () => performance.timeOrigin + performance.now();
      w.__unrollRenderObserver?.disconnect();
      if (!w.__unrollMessageProbe) {
        w.__unrollMessageProbe = { at: undefined };
        window.addEventListener(
          'message',
          (event) => {
            // the host's EncodedMessage: its JSON text says the type first
            const text = typeof event.data?.json === 'string' ? event.data.json : undefined;
            if (text === undefined) return;
            if (text.startsWith('{"type":"model"')) w.__unrollMessageProbe.at = performance.timeOrigin + event.timeStamp;
            if (text.startsWith('{"type":"highlight"')) w.__unrollMessageProbe.highlightAt = performance.timeOrigin + event.timeStamp;
          },
        );
      }
      const read = () => document.querySelector(`tr[data-grad-norm][data-step="${step}"]`)?.getAttribute('data-grad-norm') ?? null;
      let last = read();
      const observer = new MutationObserver(() => {
        const value = read();
        if (value === last) return;
        last = value;
        const domAt = now();
        requestAnimationFrame(() => {
          const frameAt = now();
          const messageAt = w.__unrollMessageProbe.at;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const version = document.querySelector('main')?.getAttribute('data-version');
            w[binding]({ value, messageAt, domAt, frameAt, paintedAt: now(), version });
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-grad-norm'] });
      w.__unrollRenderObserver = observer;
    },
    /** @type {[string, number]} */ ([binding, step]),
  );
}

/** When the newest `highlight` message (the host's answer to a cursor move) reached the webview, or undefined. */
export async function highlightTime(frame) {
  return frame.evaluate(() => /** @type {any} */ (window).__unrollMessageProbe?.highlightAt);
}

/**
 * How far the webview frame's clock is ahead of the page's (ms), bracketed by two page readings: the sample with
 * the tightest bracket wins, and its half-width is the uncertainty.
 * @returns {Promise<{offsetMs: number, uncertaintyMs: number}>}
 */
export async function calibrateClocks(page, frame, rounds = 15) {
  const now = () => performance.timeOrigin + performance.now();
  let best = { offsetMs: 0, uncertaintyMs: Infinity };
  for (let i = 0; i < rounds; i++) {
    const before = await page.evaluate(now);
    const inFrame = await frame.evaluate(now);
    const after = await page.evaluate(now);
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: inFrame - (before + after) / 2, uncertaintyMs };
  }
  return best;
}

/** Median, 95th percentile (nearest rank), min, max and mean of some samples, in the samples' unit. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, median: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
  const rank = (q) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, median, p95: rank(0.95), min: sorted[0], max: sorted[n - 1], mean: sorted.reduce((a, b) => a + b, 0) / n };
}

/**
 * A seeded LSTM spec of the benchmark's size: `inputSize` inputs from formulas, `steps` steps, `count` sequences.
 * Its weights come from `init.seed`, which the benchmark alternates to change every weight with one keystroke.
 */
export function lstmSpec({ inputSize = 8, hiddenSize = 32, steps = 100, count = 8, seed = 1 } = {}) {
  return {
    version: 1,
    name: `Benchmark LSTM (${inputSize} → ${hiddenSize}, ${steps} steps)`,
    description: 'Generated by scripts/bench-preview.mjs: a seeded LSTM on sine waves, to time the live preview.',
    model: { cell: 'lstm', inputSize, hiddenSize, outputSize: 1, init: { scheme: 'pytorch', seed } },
    data: {
      generate: {
        inputs: Array.from({ length: inputSize }, (_, k) => `sin(t / ${5 + k} + s + ${k})`),
        target: 'sin(T / 5 + s)',
        length: steps,
        count,
      },
    },
    loss: { type: 'mse', on: 'last' },
    view: { scale: 'log' },
  };
}
