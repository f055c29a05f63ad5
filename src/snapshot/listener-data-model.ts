import { compareText } from '../model/compare-text.js';
import type { CoverageNote, Listener, ListenerData } from '../model/types.js';
import type { RawListenerData } from './listener-data-schema.js';
import type { Found } from './raw-snapshot.js';

function listenerKey(l: Listener): string {
  return `${l.protocol} ${String(l.port).padStart(5, '0')} ${l.address} ${l.process?.name ?? ''} ${l.process?.pid ?? ''}`;
}

function time(collectedAt: string | null): number {
  return collectedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(collectedAt);
}

export interface BuiltListenerData {
  readonly listeners: Map<string, ListenerData>;
  /** Files set aside because a later file describes the same instance. */
  readonly coverage: CoverageNote[];
}

/**
 * Listener data by instance id. Several files for one instance: the latest collection is used
 * (files of that same time are united, a capture split in two); older ones describe a host that
 * has changed since, so they are set aside and the coverage names them — never united, or a
 * process long gone would count again.
 */
export function buildListenerData(found: readonly Found<RawListenerData>[]): BuiltListenerData {
  const latest = new Map<string, Found<RawListenerData>[]>();
  for (const f of found) {
    const kept = latest.get(f.item.instanceId);
    if (kept === undefined) {
      latest.set(f.item.instanceId, [f]);
      continue;
    }
    const mine = time(f.item.collectedAt ?? null);
    const theirs = time(kept[0]!.item.collectedAt ?? null);
    if (mine > theirs) latest.set(f.item.instanceId, [f]);
    else if (mine === theirs) kept.push(f);
  }
  const coverage: CoverageNote[] = [];
  for (const f of found) {
    const used = latest.get(f.item.instanceId)!;
    if (used.includes(f)) continue;
    const newer = used[0]!;
    coverage.push({
      resourceType: 'AWS::EC2::Instance',
      resourceId: f.item.instanceId,
      reason: `listener data collected at ${f.item.collectedAt ?? 'an unknown time'} set aside: ${newer.origin.file} describes the instance as collected later (${newer.item.collectedAt ?? 'unknown'})`,
      file: f.origin.file,
    });
  }
  const listeners = new Map<string, ListenerData>();
  for (const instanceId of [...latest.keys()].sort(compareText)) {
    const files = latest.get(instanceId)!;
    const byKey = new Map<string, Listener>();
    for (const { item } of files) {
      for (const l of item.listeners) {
        const listener: Listener = {
          protocol: l.protocol,
          port: l.port,
          address: l.address,
          process: l.process != null ? { name: l.process.name, pid: l.process.pid ?? null, path: l.process.path ?? null } : null,
          ...(l.ipv6Only === true ? { ipv6Only: true } : {}),
        };
        byKey.set(listenerKey(listener), listener);
      }
    }
    listeners.set(instanceId, {
      instanceId,
      collectedAt: files[0]!.item.collectedAt ?? null,
      listeners: [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, l]) => l),
    });
  }
  return { listeners, coverage };
}
