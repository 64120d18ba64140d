// JSON has no NaN or Infinity, but a diverging model produces them and the user needs to see where.
// They are written as the strings "NaN", "Infinity" and "-Infinity" (documented in `unroll --help`).

/** A number as JSON can hold it: finite numbers unchanged, non-finite ones as their JavaScript name. */
export function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** JSON.stringify with NaN/±Infinity kept as strings (instead of JSON.stringify's silent `null`) and typed arrays as arrays. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number') return jsonNumber(v);
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    indent,
  );
}

/** The inverse, for tests and scripts that read `unroll grad --json`: "NaN", "Infinity", "-Infinity" back to numbers. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    return v;
  });
}
