// Types for scripts/wat.mjs, which the CLI tests' esbuild build (test/unit/cli/helpers.ts) imports.
import type { Plugin } from 'esbuild';

export function assembleWat(file: string): Promise<Uint8Array>;
export function watAsBase64(file: string): Promise<string>;
export const watPlugin: Plugin;
