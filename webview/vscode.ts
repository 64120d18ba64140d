// acquireVsCodeApi wrapped once, typed with the shared protocol. In a plain browser (a test page) it
// falls back to window.postMessage and sessionStorage, so components also run outside VS Code.
import type { PreviewState, WebviewToHost } from '../src/protocol';

interface HostApi {
  postMessage(message: WebviewToHost): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}

function browserFallback(): HostApi {
  return {
    postMessage: (message) => window.parent.postMessage(message, '*'),
    getState: () => {
      const saved = sessionStorage.getItem('unroll-state');
      return saved ? (JSON.parse(saved) as PreviewState) : undefined;
    },
    setState: (state) => sessionStorage.setItem('unroll-state', JSON.stringify(state)),
  };
}

export const host: HostApi =
  typeof acquireVsCodeApi === 'function' ? (acquireVsCodeApi() as HostApi) : browserFallback();
