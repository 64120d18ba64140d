// The engine's public surface. Pure TypeScript, no `vscode`: the extension host, the worker, the CLI and the
// browser all import from here.
export * from './types';
export { run } from './run';
export { createGradientChecker, gradientCheck, type GradientCheckControl, type GradientChecker, type GradientCheckOptions } from './gradcheck';
export { DEFAULT_GRADCHECK_BUDGET } from './gradcheckPlan';
export { createTrainer, train, TRAINING_DEFAULTS, type Trainer } from './train';
export { createSnapshotKeeper, snapshotWeights, withWeights, SNAPSHOT_DEFAULTS, type SnapshotKeeper, type WeightSnapshot } from './snapshots';
export {
  sampleText, primeClasses, describeCharacter, SAMPLE_DEFAULTS,
  type SampleOptions, type SampleResult, type SampleOutcome, type SampledCharacter, type SampleCandidate,
} from './sample';
export { createStepper, type Stepper } from './stepper';
export { softmaxInto, argmax, topClasses, classProbabilities } from './softmax';
export { textSequenceCount } from './sequenceSource';
export { createSgd, createAdam, sgdMomentumStep, adamStep, type Optimizer, type SgdSettings, type AdamSettings } from './optimizers';
export { clipGradNorm, clipGradValue } from './clip';
export { initialParameters } from './init';
export { dimsOf, paramLayout, type Dims, type ParamEntry, type ParamLayout } from './params';
export { createRandom, type Random } from './random';
export { createParallelGradient, createShardHandler, splitByLength, type EnginePool, type ParallelGradient, type ShardReply, type ShardRequest } from './parallel';
export { createWorkspace, loadData, releaseWorkspace, type Workspace, type WorkspaceOptions } from './workspace';
export { forwardAll } from './forward';
export { backwardAll } from './backward';
