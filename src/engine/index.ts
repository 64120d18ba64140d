// The engine's public surface. Pure TypeScript, no `vscode`: the extension host, the worker, the CLI and the
// browser all import from here.
export * from './types';
export { run } from './run';
export { gradientCheck, type GradientCheckOptions } from './gradcheck';
export { createTrainer, train, TRAINING_DEFAULTS, type Trainer } from './train';
export { createSgd, createAdam, sgdMomentumStep, adamStep, type Optimizer, type SgdSettings, type AdamSettings } from './optimizers';
export { clipGradNorm, clipGradValue } from './clip';
export { initialParameters } from './init';
export { dimsOf, paramLayout, type Dims, type ParamEntry, type ParamLayout } from './params';
export { createRandom, type Random } from './random';
export { createWorkerHandler } from './workerHandler';
export { createParallelGradient, createShardHandler, splitByLength, type EnginePool, type ParallelGradient, type ShardReply, type ShardRequest } from './parallel';
export { createWorkspace, loadData, releaseWorkspace, type Workspace, type WorkspaceOptions } from './workspace';
export { forwardAll } from './forward';
export { backwardAll } from './backward';
export type { WorkerRequest, WorkerResponse } from './workerProtocol';
