// The listener data file (SPEC §1) the agent and the importers write: one entry per bound
// (protocol, address, port), sorted, in a fixed key order, so the same sockets give the same bytes.
import type { Listener, ListenerProcess } from '../model/types.js';
import { parseIp } from '../net/index.js';
import { compareText } from '../model/compare-text.js';
import { isLoopbackAddress } from './bound-address.js';

export interface ListenerFile {
  readonly instanceId: string;
  readonly collectedAt: string;
  readonly listeners: readonly Listener[];
}

function bindKey(l: Listener): string {
  return `${l.protocol} ${l.address} ${l.port}`;
}

/** Attributed before unattributed, then the lowest pid: the process that opened a shared socket. */
function compareOwners(a: ListenerProcess | null, b: ListenerProcess | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return (a.pid ?? Infinity) - (b.pid ?? Infinity) || compareText(a.name, b.name) || compareText(a.path ?? '', b.path ?? '');
}

function compareAddresses(a: string, b: string): number {
  const x = parseIp(a);
  const y = parseIp(b);
  if (x === null || y === null) return compareText(a, b);
  return x.family - y.family || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0);
}

function compareBinds(a: Listener, b: Listener): number {
  return compareText(a.protocol, b.protocol) || a.port - b.port || compareAddresses(a.address, b.address);
}

/**
 * One listener per bound (protocol, address, port). Several sockets on one bind (SO_REUSEPORT
 * workers) or several processes sharing one socket become the entry of the lowest attributed pid.
 */
export function uniqueListeners(listeners: readonly Listener[]): Listener[] {
  const byBind = new Map<string, Listener>();
  for (const l of listeners) {
    const kept = byBind.get(bindKey(l));
    if (kept === undefined || compareOwners(l.process, kept.process) < 0) byBind.set(bindKey(l), l);
  }
  return [...byBind.values()].sort(compareBinds);
}

function listenerJson(l: Listener): object {
  const p = l.process;
  return {
    protocol: l.protocol,
    port: l.port,
    address: l.address,
    // An extra for people reading the file; netreach itself decides from the address.
    ...(isLoopbackAddress(l.address) ? { loopbackOnly: true } : {}),
    ...(l.ipv6Only === true ? { ipv6Only: true } : {}),
    process: p === null ? null : { name: p.name, pid: p.pid, path: p.path },
  };
}

export function renderListenerFile(file: ListenerFile): string {
  const json = {
    instanceId: file.instanceId,
    collectedAt: file.collectedAt,
    listeners: uniqueListeners(file.listeners).map(listenerJson),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** An ISO-8601 time to the second, as the listener files carry it. */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
