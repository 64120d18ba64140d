// The webview side of the protocol: which messages are the host's, and which results are stale.
import { decodeMessage, isHostMessageType, type EncodedMessage, type HostToWebview } from '../../src/protocol';

/** The host sends an EncodedMessage (JSON text and the tables' numbers as bytes); a test page may post objects. */
export function readHostMessage(data: unknown): HostToWebview | undefined {
  let message: unknown = data;
  if (typeof data === 'string' || isEncoded(data)) {
    try {
      message = decodeMessage(data);
    } catch {
      return undefined;
    }
  }
  return isHostMessage(message) ? message : undefined;
}

function isEncoded(data: unknown): data is EncodedMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { json, numbers } = data as { json?: unknown; numbers?: unknown };
  return typeof json === 'string' && (numbers === undefined || numbers instanceof Float64Array);
}

/** In a plain browser our own WebviewToHost messages come back on the same window; only the host's count. */
export function isHostMessage(data: unknown): data is HostToWebview {
  return typeof data === 'object' && data !== null && isHostMessageType((data as { type?: unknown }).type);
}

/**
 * Remembers the newest document version seen per URI (valid or not), so a slow result for an older version
 * never replaces a newer picture or clears a newer problem. The same version may arrive again (another sequence).
 */
export class VersionGate {
  private readonly newest = new Map<string, number>();

  accept(uri: string, version: number): boolean {
    const seen = this.newest.get(uri);
    if (seen !== undefined && version < seen) return false;
    this.newest.set(uri, version);
    return true;
  }
}
