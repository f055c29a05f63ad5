import { compareText } from '../model/compare-text.js';
import type { Listener, ListenerData } from '../model/types.js';
import type { RawListenerData } from './listener-data-schema.js';
import type { Found } from './raw-snapshot.js';

function listenerKey(l: Listener): string {
  return `${l.protocol} ${String(l.port).padStart(5, '0')} ${l.address} ${l.process?.name ?? ''} ${l.process?.pid ?? ''}`;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Listener data by instance id; two files for one instance are united. */
export function buildListenerData(found: readonly Found<RawListenerData>[]): Map<string, ListenerData> {
  const byInstance = new Map<string, { collectedAt: string | null; listeners: Map<string, Listener> }>();
  for (const { item } of found) {
    const entry = byInstance.get(item.instanceId) ?? { collectedAt: null, listeners: new Map<string, Listener>() };
    byInstance.set(item.instanceId, entry);
    entry.collectedAt = later(entry.collectedAt, item.collectedAt ?? null);
    for (const l of item.listeners) {
      const listener: Listener = {
        protocol: l.protocol,
        port: l.port,
        address: l.address,
        process: l.process != null ? { name: l.process.name, pid: l.process.pid ?? null, path: l.process.path ?? null } : null,
      };
      entry.listeners.set(listenerKey(listener), listener);
    }
  }
  return new Map(
    [...byInstance.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([instanceId, entry]): [string, ListenerData] => [
        instanceId,
        {
          instanceId,
          collectedAt: entry.collectedAt,
          listeners: [...entry.listeners.entries()].sort(([a], [b]) => compareText(a, b)).map(([, l]) => l),
        },
      ]),
  );
}
