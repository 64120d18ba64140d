#!/usr/bin/env node
// End-to-end tests: test/e2e/*.e2e.mjs in mocha, against code-server's workbench in Debian's Chromium,
// with this project loaded from source. Screenshots land in test-output/screenshots/.
//
//   node scripts/test-e2e.mjs [--grep text] [files...]
//   UNROLL_SKIP_BUILD=1 ...     reuse dist/ (test-all builds once for every layer)
//   UNROLL_HEADFUL=1 ...        show the browser (needs a display)
//   UNROLL_EXTENSION_ROOT=dir   test a staged copy (package.json + dist/) instead of this tree
import { runWorkbenchLayer } from './lib/workbench-layer.mjs';

runWorkbenchLayer({ name: 'e2e', folder: 'e2e', suffix: '.e2e.mjs', timeout: 90_000 });
