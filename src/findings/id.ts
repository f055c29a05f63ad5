// Stable finding ids: a hash of what makes a finding this finding, never of time or order.
import * as crypto from 'node:crypto';
import { flat } from './flat-text.js';

// crypto.hash (Node 20.12 and later) digests a short string in one native call, several times
// faster than createHash().update().digest(), which counts at 170,000 findings; both read the
// string as UTF-8, so an id is the same either way. Earlier Node 20 releases take createHash.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** `nr-` + the first 16 hex digits of sha256 over the key parts (joined by a separator no id contains). */
export function findingId(keyParts: readonly (string | number | null)[]): string {
  const key = keyParts.map((part) => (part === null ? '' : String(part))).join('\u001f');
  // Flat: otherwise each of 170,000 ids is "nr-" joined to a slice of its 64-digit hash, three objects kept instead of one.
  return flat(`nr-${sha256Hex(key).slice(0, 16)}`);
}
