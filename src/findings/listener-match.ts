// Which of an instance's listeners count on an interface for one reachability (SPEC §1):
// a wildcard counts where the socket family allows it, a specific address only when the traffic
// is delivered to it, and loopback never.
import type { Listener, Transport } from '../model/types.js';
import type { IpVersion } from './finding.js';
import { compareText } from '../model/compare-text.js';
import { AddressSet, parseIp } from '../net/index.js';

/** Lower-case, zone and brackets stripped, IPv6 fully expanded; IPv4-mapped IPv6 as plain IPv4. */
export function canonicalAddress(address: string): string {
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(':')) return text;
  const groups = expandIpv6(text);
  if (groups === null) return text;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  return groups.map((g) => g.toString(16)).join(':');
}

function expandIpv6(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const octets = last.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
    tail.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const hex of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(hex)) return null;
      out.push(parseInt(hex, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
}

const IPV4_ANY = '0.0.0.0';
const IPV6_ANY = '0:0:0:0:0:0:0:0';
const IPV6_LOOPBACK = '0:0:0:0:0:0:0:1';

function isLoopback(canonical: string): boolean {
  return canonical === IPV6_LOOPBACK || /^127\.\d+\.\d+\.\d+$/.test(canonical);
}

/**
 * Decides for one reachability (its IP version and the addresses traffic is delivered to)
 * whether a listener's socket receives that traffic.
 */
export class ListenerMatcher {
  private readonly destinations: ReadonlySet<string>;
  /** Delegated prefixes among the destinations: a listener bound to any of their addresses counts. */
  private readonly prefixes: AddressSet | null;

  constructor(
    private readonly ipVersion: IpVersion,
    /** Addresses, and delegated prefixes as CIDRs. */
    destinationAddresses: readonly string[],
  ) {
    const prefixes = destinationAddresses.filter((d) => d.includes('/'));
    this.destinations = new Set(destinationAddresses.filter((d) => !d.includes('/')).map(canonicalAddress));
    this.prefixes = prefixes.length === 0 ? null : AddressSet.fromCidrs(ipVersion, prefixes);
  }

  private inPrefix(canonical: string): boolean {
    return this.prefixes !== null && parseIp(canonical) !== null && this.prefixes.has(canonical);
  }

  counts(listener: Listener): boolean {
    const address = canonicalAddress(listener.address);
    if (isLoopback(address)) return false;
    // 0.0.0.0 is an IPv4 socket; :: is dual-stack (Linux's default bindv6only=0).
    if (address === IPV4_ANY) return this.ipVersion === 4;
    if (address === IPV6_ANY) return listener.ipv6Only !== true || this.ipVersion === 6;
    return this.destinations.has(address) || this.inPrefix(address);
  }

  /**
   * The counting listener for (protocol, port), chosen deterministically when several count:
   * the one bound to the most specific address, then by process name.
   */
  listenerOn(listeners: readonly Listener[], protocol: Transport, port: number): Listener | null {
    const counting = listeners.filter((l) => l.protocol === protocol && l.port === port && this.counts(l));
    counting.sort(compareListeners);
    return counting[0] ?? null;
  }

  /** Ports of `protocol` within [from, to] that have a counting listener, ascending. */
  listenedPortsIn(listeners: readonly Listener[], protocol: Transport, from: number, to: number): number[] {
    const ports = new Set<number>();
    for (const l of listeners) {
      if (l.protocol === protocol && l.port >= from && l.port <= to && this.counts(l)) ports.add(l.port);
    }
    return [...ports].sort((a, b) => a - b);
  }
}

function wildcardRank(address: string): number {
  const canonical = canonicalAddress(address);
  return canonical === IPV4_ANY || canonical === IPV6_ANY ? 1 : 0;
}

function compareListeners(a: Listener, b: Listener): number {
  return (
    wildcardRank(a.address) - wildcardRank(b.address) ||
    compareText(a.address, b.address) ||
    compareText(a.process?.name ?? '', b.process?.name ?? '') ||
    (a.process?.pid ?? -1) - (b.process?.pid ?? -1)
  );
}

