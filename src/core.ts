// Everything that needs the spec parser (mathjs, ajv) and the engine, as one bundle (dist/core.js) that the
// CLI and the extension's worker share, so the package carries those libraries once. The extension host
// itself never loads it: parsing happens in the worker.
export { JOB_HANDLERS } from './jobs/handlers';
export { main as cliMain } from './cli/main';
export { processIo } from './cli/io';

