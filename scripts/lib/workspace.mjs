// Throwaway workspace folders for tests: copies of examples/, or, while examples/ is still empty, the
// PyTorch fixtures' specs written out as .rnn.json files.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from './code-server.mjs';

const EXAMPLES_DIR = join(PROJECT_ROOT, 'examples');
const FIXTURES_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'pytorch');

/** True when examples/ holds at least one spec. */
export function hasExamples() {
  return existsSync(EXAMPLES_DIR) && readdirSync(EXAMPLES_DIR).some((f) => f.endsWith('.rnn.json'));
}

/**
 * Creates a temp folder with the example specs (and whatever data files sit beside them), or with none (`empty`:
 * a folder as a new user has it, where nothing activates the extension until a spec is opened).
 * @param {{prefix?: string, empty?: boolean}} [options]
 * @returns {{dir: string, specs: string[], source: 'examples' | 'fixtures' | 'empty', remove(): void}}
 */
export function makeWorkspace({ prefix = 'unroll-ws-', empty = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  /** @type {'examples' | 'fixtures' | 'empty'} */
  let source;
  if (empty) {
    writeFileSync(join(dir, 'README.txt'), 'A folder with no specs in it yet.\n');
    source = 'empty';
  } else if (hasExamples()) {
    cpSync(EXAMPLES_DIR, dir, { recursive: true });
    source = 'examples';
  } else {
    for (const file of readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'))) {
      const fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'));
      if (!fixture.spec) continue;
      const name = fixture.spec.name ?? basename(file, '.json');
      writeFileSync(join(dir, `${name}.rnn.json`), `${JSON.stringify(fixture.spec, null, 2)}\n`);
    }
    source = 'fixtures';
  }
  const specs = readdirSync(dir).filter((f) => f.endsWith('.rnn.json')).sort();
  return { dir, specs, source, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The spec's name and how many time steps its preview shows (the inputs of the sequence the view
 * selects, or of the first one), read straight from the file, as a person would count them.
 */
export function describeSpec(path) {
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  const sequences = spec?.data?.sequences ?? [];
  const selected = sequences[spec?.view?.sequence ?? 0] ?? sequences[0];
  return {
    name: spec.name ?? basename(path, '.rnn.json'),
    steps: Array.isArray(selected?.inputs) ? selected.inputs.length : undefined,
  };
}
