// Where a script finds the spec's data files: the spec's folder, named relative to the script's own folder (so
// the two can move together), and a --data-dir option that says otherwise.
import { pyString } from '../python';

/** The folder as Python: relative to the script's own folder unless absolute. */
export function dataDirExpression(dataDir: string): string {
  const here = 'Path(__file__).resolve().parent';
  if (dataDir === '' || dataDir === '.') return here;
  if (dataDir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dataDir)) return `Path(${pyString(dataDir)})`;
  return `${here} / ${pyString(dataDir)}`;
}

/** The argparse line of --data-dir, for a source that reads `file`. */
export function dataDirOption(file: string): string {
  const fileName = file.split(/[\\/]/).pop() ?? file;
  return `parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the folder of ${fileName.replace(/"/g, '')}")`;
}
