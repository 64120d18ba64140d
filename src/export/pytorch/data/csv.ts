// data.csv: the script reads the same file and cuts the same windows, scaled the same way (src/spec/data/csv.ts),
// so it keeps working when the file changes; the numbers match Unroll's for the file as it is.
import type { LossSpec } from '../../../engine/types';
import type { DataSourceInfo } from '../../../spec/types';
import type { DataCode } from '../data';
import { pyAssign, pyComment, pySection, pyString } from '../python';
import { dataDirExpression, dataDirOption } from './folder';
import { sequenceDataClass } from './sequenceData';

type CsvInfo = Extract<DataSourceInfo, { kind: 'csv' }>;

export function csvData(source: CsvInfo, loss: LossSpec, dataDir: string): DataCode {
  const classification = loss.type === 'cross-entropy';
  const scaled = classification ? source.columns : [...new Set([...source.columns, ...source.targetColumns])];
  const comment =
    `The spec's data.csv: ${source.file} (relative to the spec's folder), read again by this script. Each sequence is a window of ` +
    `WINDOW rows of the INPUT_COLUMNS, one every STRIDE rows; its target is the TARGET_COLUMNS ${targetWhere(loss)} ` +
    `${scalingSentence(source.scaling, classification)}`;
  const section = `${pySection('Data')}
${pyComment(comment)}

DATA_DIR = ${dataDirExpression(dataDir)}  # the spec's folder; --data-dir overrides it
${pyAssign('CSV_FILE', source.file)}
${pyAssign('INPUT_COLUMNS', source.columns)}
${pyAssign('TARGET_COLUMNS', source.targetColumns)}
WINDOW = ${source.window}
HORIZON = ${source.horizon}
STRIDE = ${source.stride}
${source.scaling === 'none' ? '' : `${pyAssign('SCALED_COLUMNS', scaled)}\n`}

def read_columns(path, names):
    """The named columns of a CSV file as floats: the first row names the columns; blank lines are skipped."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = [row for row in csv.reader(file, delimiter=${pyString(source.delimiter)}) if any(cell.strip() for cell in row)]
    header = [name.strip() for name in rows[0]]
    return {name: [float(row[header.index(name)]) for row in rows[1:]] for name in names}
${source.scaling === 'none' ? '' : `\n\n${transformFunction(source.scaling)}\n`}

def load_sequences(data_dir):
    columns = read_columns(Path(data_dir) / CSV_FILE, set(INPUT_COLUMNS + TARGET_COLUMNS))
${
  source.scaling === 'none'
    ? ''
    : `    for name in SCALED_COLUMNS:
        offset, scale = scaling_transform(columns[name])
        columns[name] = [(value - offset) / scale for value in columns[name]]
`
}    rows = len(columns[INPUT_COLUMNS[0]])

    def target(row):
        return ${classification ? 'int(columns[TARGET_COLUMNS[0]][row])' : '[columns[name][row] for name in TARGET_COLUMNS]'}

    sequences = []
    for start in range(0, rows - WINDOW - HORIZON + 1, STRIDE):
        inputs = [[columns[name][start + step] for name in INPUT_COLUMNS] for step in range(WINDOW)]
${
  loss.on === 'last'
    ? '        sequences.append({"inputs": inputs, "target": target(start + WINDOW - 1 + HORIZON)})'
    : '        sequences.append({"inputs": inputs, "targets": [target(start + step + HORIZON) for step in range(WINDOW)]})'
}
    return sequences
${sequenceDataClass(loss)}`;
  return {
    section,
    load: 'SequenceData(load_sequences(args.data_dir))',
    gradSequences: 'len(data)',
    imports: ['csv', 'from pathlib import Path'],
    options: [dataDirOption(source.file)],
    summary: `windows of ${source.file}, read from the spec's folder (--data-dir DIR to read it from elsewhere)`,
  };
}

function targetWhere(loss: LossSpec): string {
  return loss.on === 'last' ? 'HORIZON rows after the window\'s last row.' : 'HORIZON rows after each step (a loss term at every step).';
}

function scalingSentence(scaling: CsvInfo['scaling'], classification: boolean): string {
  const which = classification ? 'The input columns (not the class column)' : 'Every column';
  if (scaling === 'minmax') return `${which} is scaled to [0, 1] by its minimum and maximum over the whole file, as Unroll does.`;
  if (scaling === 'zscore') return `${which} is scaled to mean 0 and standard deviation 1 over the whole file, as Unroll does.`;
  return 'The values are used as they are (scaling "none").';
}

function transformFunction(scaling: 'minmax' | 'zscore'): string {
  if (scaling === 'minmax') {
    return `def scaling_transform(column):
    """(offset, scale) with scaled = (raw − offset) / scale: min-max, to [0, 1]. A constant column keeps scale 1."""
    low, high = min(column), max(column)
    return low, (high - low if high > low else 1.0)`;
  }
  return `def scaling_transform(column):
    """(offset, scale) with scaled = (raw − offset) / scale: the z-score; a constant column keeps scale 1.
    The sums run left to right, as Unroll's (Python 3.12's sum() rounds floats differently)."""
    mean = 0.0
    for value in column:
        mean += value
    mean /= len(column)
    variance = 0.0
    for value in column:
        variance += (value - mean) ** 2
    std = math.sqrt(variance / len(column))
    return mean, (std if std > 0 else 1.0)`;
}
