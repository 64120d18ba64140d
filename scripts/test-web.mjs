#!/usr/bin/env node
// The web layer: test/web/*.web.mjs in mocha, against code-server's web workbench in Debian's Chromium, with a
// browser-only copy of the extension (scripts/lib/web-extension.mjs) that runs in the web worker extension host.
//
//   node scripts/test-web.mjs [--grep text] [files...]
//   UNROLL_SKIP_BUILD=1 ...     reuse dist/ (test-all builds once for every layer)
import { runWorkbenchLayer } from './lib/workbench-layer.mjs';

runWorkbenchLayer({ name: 'web', folder: 'web', suffix: '.web.mjs', timeout: 120_000 });
