// The architecture reads from the folders: each folder under src is one concern, and the concerns depend on each
// other without cycles (a cycle means two folders are one concern, or a helper sits in the wrong one). The engine
// and the spec layer import nothing of the extension's; the worker-side code imports no `vscode`.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** The folder a file belongs to ("engine"), or the file itself for the entry points at the top ("cli.ts"). */
function unitOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : parts[0];
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm), ...text.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]);
  return specifiers;
}

const files = sourceFiles(SRC);
const edges = new Map<string, Set<string>>();
for (const file of files) {
  const from = unitOf(file);
  for (const specifier of importsOf(file)) {
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(file), specifier);
    const to = unitOf(target.endsWith('.ts') ? target : `${target}.ts`);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
}

function findCycle(): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Files a file loads at run time: relative imports that are not `import type` (those vanish from the bundle). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/gm), ...text.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]);
  return found;
}

function reachableFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier);
      const candidates = [`${target}.ts`, join(target, 'index.ts'), target];
      const found = candidates.find((c) => {
        try {
          return statSync(c).isFile();
        } catch {
          return false;
        }
      });
      if (found && found.endsWith('.ts')) queue.push(found);
    }
  }
  return { files, packages };
}

describe('architecture', () => {
  it('keeps the parser and the engine out of the extension host: they load in the worker', () => {
    const { files: loaded, packages } = reachableFrom(join(SRC, 'extension.ts'));
    const heavy = [...loaded].map((f) => relative(SRC, f)).filter((f) => /^(spec[\\/](parse|schemaCheck|index)|engine[\\/](run|train|backward)|jobs[\\/]handlers)\.ts$/.test(f));
    assert.deepEqual(heavy, [], 'the host loads the parser or the engine');
    assert.deepEqual([...packages].filter((p) => p === 'mathjs' || p.startsWith('mathjs/') || p === 'ajv' || p === 'papaparse'), []);
  });

  it('has no cycles between the folders of src', () => {
    const cycle = findCycle();
    assert.equal(cycle, undefined, `a cycle: ${cycle?.join(' → ')}`);
  });

  it('keeps the engine free of every other folder, of Node and of vscode', () => {
    for (const file of files.filter((f) => unitOf(f) === 'engine')) {
      for (const specifier of importsOf(file)) {
        assert.ok(!specifier.startsWith('node:') && specifier !== 'vscode', `${relative(SRC, file)} imports ${specifier}`);
        if (specifier.startsWith('.')) assert.equal(unitOf(resolve(dirname(file), `${specifier}.ts`)), 'engine', `${relative(SRC, file)} imports ${specifier}`);
      }
    }
  });

  it('runs the worker\'s side (jobs, worker, spec, engine, preview pipeline) without vscode', () => {
    const workerSide = files.filter((f) => ['jobs', 'worker', 'spec', 'engine', 'analysis'].includes(unitOf(f)) && !f.endsWith('jobs.ts'));
    for (const file of workerSide) {
      for (const specifier of importsOf(file)) assert.notEqual(specifier, 'vscode', `${relative(SRC, file)} imports vscode`);
    }
  });
});
