// "Did you mean …?": the nearest candidate by edit distance, for misspelt enum values, property names and columns.

/** Levenshtein distance (insertions, deletions, substitutions), ignoring case. Two rows of numbers, reused:
 *  a hostile spec asks for a suggestion for each of thousands of names. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = new Uint32Array(t.length + 1);
  let current = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    const si = s.charCodeAt(i - 1);
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (si === t.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length];
}

/** The candidate nearest to `word`; with `maxDistance`, only if it is at most that far. Ties keep the first. */
export function closest(word: string, candidates: readonly string[], maxDistance = Infinity): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  // Long inputs (e.g. a pasted paragraph) cannot be a typo of a short name; skip the quadratic work.
  if (word.length > 200) return undefined;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a candidate that cannot win costs nothing.
    if (Math.abs(candidate.length - word.length) >= Math.min(bestDistance, maxDistance + 1)) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

/** How far a misspelling may be from a name and still be called one: about a third of its length, at least 2. */
export function typoDistance(word: string): number {
  return Math.max(2, Math.floor(word.length / 3));
}
