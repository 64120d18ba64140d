// data.text: the script reads the same text (the file again, from the spec's folder, or the inline text written
// out) and decodes it and cuts its windows as the spec layer does (src/spec/data/text.ts, vocabulary.ts), so it
// keeps working when the file grows; the numbers match Unroll's for the file as it is.
import { previewSequenceCount } from '../../../spec/data/text';
import { countParameters } from '../../../spec/semantic/model';
import type { DataSourceInfo, ParsedSpec } from '../../../spec/types';
import type { DataCode } from '../data';
import { pyAssign, pyAssignString, pyComment, pySection } from '../python';
import { dataDirExpression, dataDirOption } from './folder';

type TextInfo = Extract<DataSourceInfo, { kind: 'text' }>;

export function textData(spec: ParsedSpec, source: TextInfo, dataDir: string): DataCode {
  const file = source.file;
  // As many of the first sequences as Unroll's preview runs when the text has more: a bound on the count, so
  // that a text that grows or shrinks gives what `unroll grad` gives for it.
  const gradBound = previewSequenceCount(Number.MAX_SAFE_INTEGER, source.window, countParameters(spec.model).stepCost);
  const where = file === undefined ? "The spec's inline data.text, written out below" : `The spec's data.text: ${file} (relative to the spec's folder), read again by this script`;
  const comment =
    `${where}. Every character (a Unicode code point) is one step's input, one-hot over the vocabulary — the text's ` +
    "distinct characters sorted by code point — and the character after it is that step's target class. Sequence k " +
    'is the characters [k·STRIDE, k·STRIDE + WINDOW) in and each one\'s successor out, for every k with k·STRIDE + ' +
    "WINDOW + 1 ≤ the text's length; cross-entropy on every step.";
  const text = file === undefined ? Array.from(spec.data.text?.codes ?? [], (code) => source.vocabulary[code]).join('') : '';
  const section = `${pySection('Data')}
${pyComment(comment)}

${file === undefined ? pyAssignString('TEXT', text) : `DATA_DIR = ${dataDirExpression(dataDir)}  # the spec's folder; --data-dir overrides it\n${pyAssign('TEXT_FILE', file)}`}
WINDOW = ${source.window}
STRIDE = ${source.stride}
${pyComment("`unroll grad` (and Unroll's preview) runs on the text's first sequences only, as many as its work budget allows; training reads every one.")}
GRAD_SEQUENCES = ${gradBound}
${file === undefined ? '' : readText()}

class TextWindows(Dataset):
    """The text's sequences as a torch Dataset, each cut when it is asked for (a long text is never one-hot all
    at once): item k is sequence k, (k, x, scored, targets): see Batch."""

    def __init__(self, text):
        self.vocabulary = sorted(set(text))  # a str is a sequence of code points, and sorts by them
        if len(self.vocabulary) != INPUT_SIZE:
            sys.exit(f"the text has {len(self.vocabulary)} distinct characters, but the model reads "
                     f"{INPUT_SIZE}: set model.inputSize and outputSize to that in the spec, and export it again")
        index = {character: k for k, character in enumerate(self.vocabulary)}
        self.codes = torch.tensor([index[character] for character in text])
        self.count = 0 if len(text) < WINDOW + 1 else (len(text) - WINDOW - 1) // STRIDE + 1
        if self.count == 0:
            sys.exit(f"the text has {len(text)} characters: too few for a window of {WINDOW}, "
                     f"which needs {WINDOW + 1}")

    def __len__(self):
        return self.count

    def __getitem__(self, k):
        characters = self.codes[k * STRIDE:k * STRIDE + WINDOW + 1]
        x = torch.nn.functional.one_hot(characters[:-1], INPUT_SIZE).to(torch.float64)
        return k, x, torch.ones(WINDOW, dtype=torch.bool), characters[1:]
`;
  const summary = `${source.sequences} window${source.sequences === 1 ? '' : 's'} of ${source.window} characters`;
  if (file === undefined) {
    return { section, load: 'TextWindows(TEXT)', gradSequences: 'min(len(data), GRAD_SEQUENCES)', imports: [], options: [], summary: `${summary} of the spec's inline text, written out below` };
  }
  return {
    section,
    load: 'TextWindows(read_text(args.data_dir / TEXT_FILE))',
    gradSequences: 'min(len(data), GRAD_SEQUENCES)',
    imports: ['from pathlib import Path'],
    options: [dataDirOption(file)],
    summary: `${summary} of ${file}, read from the spec's folder (--data-dir DIR to read it from elsewhere)`,
  };
}

function readText(): string {
  return `

def read_text(path):
    """The file as Unroll reads it: strictly UTF-8 (a byte that is not is an error, not a U+FFFD character the
    text does not have), a byte-order mark dropped, and "\\r\\n" and a lone "\\r" read as "\\n"."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        sys.exit(f"{path} is not UTF-8 text ({error.reason} at byte {error.start}): save it as UTF-8")
    return text.replace("\\r\\n", "\\n").replace("\\r", "\\n")
`;
}
