// The synthetic prices of examples/stock-prices.csv: a seeded geometric random walk over business days.
// Kept here so the example can be regenerated and a test can check the file is what this code makes.
import { createRandom } from '../../../../src/engine/random';

/** Standard normal samples by Box–Muller. */
function gaussian(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function stockPricesCsv(rows = 120, seed = 20240102): string {
  const uniform = createRandom(seed); // mulberry32
  const normal = gaussian(() => uniform.next());
  const lines = ['date,open,high,low,close,volume'];
  const day = new Date(Date.UTC(2024, 0, 2));
  let close = 100;
  for (let i = 0; i < rows; i++) {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const open = close * Math.exp(0.003 * normal());
    // Daily log-return: a small upward drift and 1.5 % volatility, like a large, calm stock.
    const next = open * Math.exp(0.0006 + 0.015 * normal());
    const high = Math.max(open, next) * (1 + 0.004 * Math.abs(normal()));
    const low = Math.min(open, next) * (1 - 0.004 * Math.abs(normal()));
    const volume = Math.round(1_200_000 * Math.exp(0.25 * normal()));
    lines.push([day.toISOString().slice(0, 10), open.toFixed(2), high.toFixed(2), low.toFixed(2), next.toFixed(2), volume].join(','));
    close = next;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return lines.join('\n') + '\n';
}
