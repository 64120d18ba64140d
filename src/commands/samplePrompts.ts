// The three questions of "Unroll: Sample from Model", each a quick input with its default filled in, so Enter,
// Enter, Enter samples: the prime (the text's first character), the length, the temperature. Escape cancels.
import * as vscode from 'vscode';
import { lengthOf, MAX_SAMPLE_LENGTH, primeProblem, SAMPLE_PROMPT_DEFAULTS, temperatureOf, type SampleSettings } from './sampleSettings';

export { SAMPLE_PROMPT_DEFAULTS, type SampleSettings } from './sampleSettings';

export async function askSampleSettings(vocabulary: readonly string[], first: string): Promise<SampleSettings | undefined> {
  const known = new Set(vocabulary);
  const title = (step: number) => `Unroll: Sample from Model (${step}/3)`;
  const prime = await vscode.window.showInputBox({
    title: title(1),
    prompt: 'Prime: the text fed to the model first, one character at a time (every character must occur in the training text)',
    value: first,
    validateInput: (value) => primeProblem(value, known),
  });
  if (prime === undefined) return undefined;
  const length = await vscode.window.showInputBox({
    title: title(2),
    prompt: `Characters to write after the prime (1 to ${MAX_SAMPLE_LENGTH})`,
    value: String(SAMPLE_PROMPT_DEFAULTS.length),
    validateInput: (value) => (lengthOf(value) === undefined ? `A whole number from 1 to ${MAX_SAMPLE_LENGTH}` : undefined),
  });
  if (length === undefined) return undefined;
  const temperature = await vscode.window.showInputBox({
    title: title(3),
    prompt: 'Temperature: 0 = greedy (always the most probable character); 1 = the model\'s own odds; in between = bolder with each step up',
    value: String(SAMPLE_PROMPT_DEFAULTS.temperature),
    validateInput: (value) => (temperatureOf(value) === undefined ? 'A number ≥ 0 (0 = greedy)' : undefined),
  });
  if (temperature === undefined) return undefined;
  return { prime, length: lengthOf(length)!, temperature: temperatureOf(temperature)!, seed: SAMPLE_PROMPT_DEFAULTS.seed };
}
