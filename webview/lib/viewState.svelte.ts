// View state that the spec cannot reproduce (zoom, selection, scroll), kept with setState so a reloaded
// preview comes back as it was, and posted to the host. The document and the lock are the host's: it says them
// in a 'panel' message, and they are saved here only so the serializer can hand them back after a reload.
import type { PreviewState } from '../../src/protocol';

export class ViewState {
  zoom = $state<number | undefined>();
  rolled = $state(false);
  selectedWeight = $state<string | undefined>();
  selectedStep = $state<number | undefined>();
  sequence = $state<number | undefined>();
  layer = $state<number | undefined>();
  scrollX = $state(0);
  scrollY = $state(0);
  locked = $state(false);
  /** what was saved before this page loaded, for the one-time restore */
  readonly restored: PreviewState | undefined;

  constructor(saved: PreviewState | undefined) {
    this.restored = saved;
    this.locked = saved?.locked ?? false;
    this.zoom = saved?.zoom;
    this.rolled = saved?.rolled ?? false;
    this.selectedWeight = saved?.selectedWeight;
    this.selectedStep = saved?.selectedStep;
    this.sequence = saved?.sequence;
    this.layer = saved?.layer;
    this.scrollX = saved?.scrollX ?? 0;
    this.scrollY = saved?.scrollY ?? 0;
  }

  /** Another document: its own sequence, layer, selection and scroll, from the top. */
  resetFor(): void {
    this.sequence = undefined;
    this.layer = undefined;
    this.selectedStep = undefined;
    this.selectedWeight = undefined;
    this.scrollX = 0;
    this.scrollY = 0;
  }

  snapshot(uri: string): PreviewState {
    const state: PreviewState = { uri, locked: this.locked, rolled: this.rolled, scrollX: Math.round(this.scrollX), scrollY: Math.round(this.scrollY) };
    if (this.sequence !== undefined) state.sequence = this.sequence;
    if (this.layer !== undefined) state.layer = this.layer;
    if (this.zoom !== undefined) state.zoom = this.zoom;
    if (this.selectedWeight !== undefined) state.selectedWeight = this.selectedWeight;
    if (this.selectedStep !== undefined) state.selectedStep = this.selectedStep;
    return state;
  }
}
