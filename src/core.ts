// Everything that needs the spec parser (mathjs, ajv) and the engine, as one bundle (dist/core.js) that the
// CLI and the extension's worker share, so the package carries those libraries once. The extension host
// itself never loads it: parsing happens in the worker.
export { handleWorkerRequest, type WorkerRequest, type WorkerResponse, type WorkerAnswer } from './preview/workerRequests';
export { main as cliMain } from './cli/main';
export { processIo } from './cli/io';
export { specFromCheckpoint, type ImportOptions, type ImportResult, type Candidate } from './checkpoint/index';
