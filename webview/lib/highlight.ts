// What the editor's cursor points at (a HostToWebview 'highlight'), as the views that draw steps need it.
import type { PreviewModel, SpecTarget } from '../../src/protocol';

/** The step the cursor is on, if it is in the sequence on show (a step of another sequence is not drawn here). */
export function highlightedStep(highlight: SpecTarget | null, model: PreviewModel): number | undefined {
  return highlight?.kind === 'step' && highlight.sequence === model.sequence ? highlight.step : undefined;
}
