// The spec's view.inputLabels: words for input values (StatQuest's low, medium and high for 0, 0.5 and 1).
// Keys are numbers written as text, so "0.50" and "0.5" both name 0.5: a value matches by number, not by spelling.

/** The word for `value`, if the spec gives one. */
export function inputWord(labels: Record<string, string> | undefined, value: number | undefined): string | undefined {
  if (!labels || value === undefined) return undefined;
  for (const [key, word] of Object.entries(labels)) if (Number(key) === value) return word;
  return undefined;
}
