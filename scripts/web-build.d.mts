// Types for scripts/web-build.mjs, which the browser bundles' unit test (test/unit/architecture/browserBundles.test.ts) imports.
import type { BuildOptions, Plugin } from 'esbuild';

export function isNodeBuiltin(specifier: string): boolean;
export const noNodeBuiltins: Plugin;
export const webExtension: BuildOptions & { entryPoints: Record<string, string> };
export const webWorker: BuildOptions & { entryPoints: Record<string, string> };
