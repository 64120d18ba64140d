// Seeded randomness that gives the same numbers on every machine: mulberry32 uses only 32-bit integer
// arithmetic, and Box–Muller uses Math.log/cos/sqrt, which V8 implements itself (fdlibm port) rather than
// taking them from the platform's libm.

export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** standard normal */
  gaussian(): number;
}

export function createRandom(seed: number): Random {
  let state = toUint32(seed);
  let spareGaussian: number | null = null;

  // mulberry32 (Tommy Ettinger): tiny, fast, and passes the usual statistical batteries for this use.
  function next(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // Box–Muller: z0 = √(−2 ln u1) cos(2π u2), z1 = √(−2 ln u1) sin(2π u2)
  function gaussian(): number {
    if (spareGaussian !== null) {
      const z = spareGaussian;
      spareGaussian = null;
      return z;
    }
    const u1 = 1 - next(); // (0, 1]: ln(0) would be −∞
    const u2 = next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareGaussian = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  return { next, gaussian, uniform: (lo, hi) => lo + (hi - lo) * next() };
}

/** A stream per (seed, name), so initialising one parameter never shifts the numbers of another. */
export function createNamedRandom(seed: number, name: string): Random {
  return createRandom(Math.imul(toUint32(seed) ^ 0x9e3779b9, 0x85ebca6b) ^ hashString(name));
}

/** FNV-1a, 32-bit. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function toUint32(seed: number): number {
  // Non-integer or huge seeds still map to one well-defined 32-bit state.
  return Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
}
