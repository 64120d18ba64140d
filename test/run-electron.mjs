#!/usr/bin/env node
// The integration suite under @vscode/test-electron, for machines with internet: it downloads a VS Code
// build (stable unless UNROLL_VSCODE_VERSION says otherwise) into .vscode-test/ and runs
// dist/test/suite/index.js in its extension host. `npm run test:integration:electron` builds first.
// Machines that reach only npm use scripts/test-integration.mjs (code-server) instead: same suite.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeWorkspace } from '../scripts/lib/workspace.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionTestsPath = join(root, 'dist', 'test', 'suite', 'index.js');

if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing: run \`npm run build\` first`);
  process.exit(1);
}

const workspace = makeWorkspace({ prefix: 'unroll-electron-' });
try {
  await runTests({
    version: process.env.UNROLL_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace.dir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { UNROLL_TEST_RESULT: join(root, 'test-output', 'integration-electron-result.json') },
  });
} catch (error) {
  console.error(`integration tests failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  workspace.remove();
}
