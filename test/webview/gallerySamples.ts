// What the gallery page gets (bundled as window.UnrollSamples): hand-computed samples and the real engine.
export * from './sampleModels';
export { engineMessage } from './engineModels';
export { textModel, textSample } from './textModels';
