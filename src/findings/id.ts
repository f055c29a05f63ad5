// Stable finding ids: a hash of what makes a finding this finding, never of time or order.
import { createHash } from 'node:crypto';

/** `nr-` + the first 16 hex digits of sha256 over the key parts (joined by a separator no id contains). */
export function findingId(keyParts: readonly (string | number | null)[]): string {
  const key = keyParts.map((part) => (part === null ? '' : String(part))).join('\u001f');
  return `nr-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}
