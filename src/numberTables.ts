// Tables of numbers as bytes. A view's per-step, per-unit arrays ([t][unit], thousands of numbers) are most of what
// the engine's results weigh, and a structured clone or JSON text handles each number on its own: a preview of an
// lstm 1→64 over 200 steps took 8 ms to clone in the worker and 15 ms to rebuild in the extension host, and its
// message to the webview was 280 KB of text read and written at every hop. packTables moves every such table into
// one Float64Array, which both postMessage and VS Code's webview messages carry as bytes, exact to the bit (NaN and
// ±Infinity included), and leaves a small marker in its place; unpackTables puts the rows back.

/** A table's place: { [TABLE]: [offset into numbers, rows, columns] } */
const TABLE = '\u0000table';
/** Smaller tables stay where they are: not worth a marker. */
const TABLE_MIN_NUMBERS = 256;

/** An array of equally long rows of numbers (a [t][unit] table), with at least TABLE_MIN_NUMBERS of them. */
function isTable(value: unknown[]): value is number[][] {
  const first = value[0];
  if (!Array.isArray(first) || first.length === 0 || value.length * first.length < TABLE_MIN_NUMBERS) return false;
  for (const row of value) {
    if (!Array.isArray(row) || row.length !== first.length) return false;
    for (let i = 0; i < row.length; i++) if (typeof row[i] !== 'number') return false;
  }
  return true;
}

/** A copy of `value` with every table replaced by its marker, and the tables' numbers in one array (none: undefined). */
export function packTables(value: unknown): { rest: unknown; numbers?: Float64Array } {
  const tables: number[][][] = [];
  let count = 0;
  const walk = (item: unknown): unknown => {
    if (!Array.isArray(item)) return isPlainObject(item) ? mapValues(item, walk) : item;
    if (!isTable(item)) return item.map(walk);
    tables.push(item);
    const marker = { [TABLE]: [count, item.length, item[0].length] };
    count += item.length * item[0].length;
    return marker;
  };
  const rest = walk(value);
  if (tables.length === 0) return { rest };
  const numbers = new Float64Array(count);
  let at = 0;
  for (const table of tables) for (const row of table) for (let i = 0; i < row.length; i++) numbers[at++] = row[i];
  return { rest, numbers };
}

/** The inverse of packTables: each marker back as rows of plain numbers. */
export function unpackTables(value: unknown, numbers: Float64Array): unknown {
  if (Array.isArray(value)) return value.map((item) => unpackTables(item, numbers));
  if (!isPlainObject(value)) return value;
  const place = value[TABLE];
  if (Array.isArray(place)) {
    const [at, rows, cols] = place as [number, number, number];
    return Array.from({ length: rows }, (_, r) => Array.from(numbers.subarray(at + r * cols, at + (r + 1) * cols)));
  }
  return mapValues(value, (item) => unpackTables(item, numbers));
}

/** An object literal's kind (or JSON's): a typed array, a Map or a class instance is carried as it is, untouched. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A plain object's own values through f; a key named __proto__ stays an ordinary key, as JSON.parse makes it. */
function mapValues(value: Record<string, unknown>, f: (item: unknown) => unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) Object.defineProperty(copy, key, { value: f(value[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}
