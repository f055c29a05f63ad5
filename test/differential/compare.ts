// Runs one seed: generate an estate, load it with the real loader, run the engine, and compare
// every (interface, source, protocol, port, address) probe with the reference.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork } from '../../src/engine/index.js';
import type { EngineResult, ReachCell } from '../../src/engine/index.js';
import type { Network } from '../../src/model/types.js';
import { generateEstate, Rng, type GeneratedEstate } from './generator.js';
import { cidrRange, formatIpRef, KNOWN_ENGINE_DEVIATIONS, keyText, Reference, type EngineDeviation, type Family, type Ip, type ReferenceOptions, type SourceKey, type Transport } from './reference.js';

export interface Disagreement {
  readonly seed: number;
  readonly instanceId: string;
  readonly eniId: string;
  readonly key: SourceKey;
  readonly protocol: Transport;
  readonly port: number;
  readonly address: Ip;
  readonly engine: boolean;
  readonly reference: boolean;
}

export interface SeedOutcome {
  readonly seed: number;
  readonly estate: GeneratedEstate;
  readonly network: Network;
  readonly result: EngineResult;
  readonly reference: Reference;
  readonly disagreements: Disagreement[];
  readonly probes: number;
}

const TRANSPORTS: readonly Transport[] = ['tcp', 'udp'];
const V4_MAX = 2 ** 32 - 1;
const V6_MAX = (1n << 128n) - 1n;

export function writeEstate(estate: GeneratedEstate, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, doc] of Object.entries(estate.files)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc, null, 2));
}

export async function loadAndAssess(estate: GeneratedEstate): Promise<{ network: Network; result: EngineResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-diff-'));
  try {
    writeEstate(estate, dir);
    const { network } = await loadSnapshot(dir, { lenient: false });
    const result = assessNetwork(network, { ephemeralPorts: estate.options.ephemeralPorts, onpremCidrs: estate.options.onpremCidrs });
    return { network, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function engineKey(r: EngineResult['reachabilities'][number]): SourceKey {
  const via = 'listenerPort' in r.via ? { type: r.via.type, id: r.via.id, listenerPort: r.via.listenerPort } : { type: r.via.type, id: r.via.id };
  return { reachabilityType: r.reachabilityType, via, family: r.ipVersion } as SourceKey;
}

/** Addresses to probe, deduplicated, by family. */
class AddressProbes {
  private readonly seen = new Map<string, Ip>();

  address(ip: Ip | null, neighbours = true): void {
    if (ip === null) return;
    if (typeof ip === 'number') for (const d of neighbours ? [-1, 0, 1] : [0]) this.put(ip + d);
    else for (const d of neighbours ? [-1n, 0n, 1n] : [0n]) this.put(ip + d);
  }

  /** A CIDR's first and last address and the addresses just outside it. */
  cidr(text: string): void {
    const range = cidrRange(text);
    if (range === null) return;
    if (typeof range.start === 'number' && typeof range.end === 'number') {
      for (const ip of [range.start - 1, range.start, range.end, range.end + 1]) this.put(ip);
    } else if (typeof range.start === 'bigint' && typeof range.end === 'bigint') {
      for (const ip of [range.start - 1n, range.start, range.end, range.end + 1n]) this.put(ip);
    }
  }

  private put(ip: Ip): void {
    if (typeof ip === 'number' ? ip < 0 || ip > V4_MAX : ip < 0n || ip > V6_MAX) return;
    this.seen.set(typeof ip === 'number' ? String(ip) : `${ip}n`, ip);
  }

  of(family: Family): Ip[] {
    return [...this.seen.values()].filter((ip) => (typeof ip === 'number' ? 4 : 6) === family);
  }
}

/** The rules of one subnet that judge a packet entering it: its route table's and its NACL's CIDRs. */
function subnetContext(network: Network, reference: Reference, subnetId: string, probes: AddressProbes): void {
  const subnet = network.subnets.get(subnetId);
  if (subnet === undefined) return;
  const table = reference.routeTableOf(subnet);
  for (const route of table?.routes ?? []) {
    if (route.destination.kind === 'cidr') probes.cidr(route.destination.cidr);
    else for (const c of network.prefixLists.get(route.destination.prefixListId)?.cidrs ?? []) probes.cidr(c);
  }
  for (const entry of reference.naclOf(subnet)?.entries ?? []) probes.cidr(entry.cidr);
}

/** The sources the groups' rules name: CIDRs, prefix-list entries and the members of referenced groups. */
function groupContext(network: Network, reference: Reference, groupIds: readonly string[], probes: AddressProbes): void {
  for (const groupId of groupIds) {
    for (const rule of network.securityGroups.get(groupId)?.ingress ?? []) {
      const source = rule.source;
      if (source.kind === 'cidr') probes.cidr(source.cidr);
      else if (source.kind === 'prefixList') for (const c of network.prefixLists.get(source.prefixListId)?.cidrs ?? []) probes.cidr(c);
      else for (const ip of reference.groupMembers(source.groupId)) probes.address(ip);
    }
  }
}

/** Where the sources of §2 begin and end: RFC1918, the VPCs, peers, on-premises, TGW routes. */
function sourceContext(network: Network, options: ReferenceOptions, probes: AddressProbes): void {
  for (const c of ['0.0.0.0/0', '::/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', ...(options.onpremCidrs ?? [])]) probes.cidr(c);
  for (const vpc of network.vpcs.values()) for (const c of [...vpc.cidrs, ...vpc.ipv6Cidrs]) probes.cidr(c);
  for (const pcx of network.peeringConnections.values()) for (const c of [...pcx.requester.cidrs, ...pcx.accepter.cidrs]) probes.cidr(c);
  for (const table of network.transitGatewayRouteTables.values()) for (const route of table.routes ?? []) probes.cidr(route.cidr);
}

/** Addresses worth asking about for one interface and source. */
function probeAddresses(network: Network, options: ReferenceOptions, reference: Reference, eniId: string, key: SourceKey, random: readonly Ip[]): Ip[] {
  const probes = new AddressProbes();
  const eni = network.networkInterfaces.get(eniId)!;
  sourceContext(network, options, probes);
  // Every subnet of the VPC, not only the interface's: a wrong table or ACL shows at its own edges.
  for (const subnet of network.subnets.values()) if (subnet.vpcId === eni.vpcId) subnetContext(network, reference, subnet.id, probes);
  groupContext(network, reference, eni.groupIds, probes);
  if ('listenerPort' in key.via) {
    const lb = network.loadBalancers.get(key.via.id);
    if (lb !== undefined) {
      for (const node of reference.lbNodes(lb)) {
        probes.address(node.address);
        subnetContext(network, reference, node.subnet.id, probes);
      }
      groupContext(network, reference, lb.securityGroupIds ?? [], probes);
    }
  }
  for (const ip of random) probes.address(ip, false);
  return probes.of(key.family);
}

/** Ports worth asking about at an interface: every rule boundary (start-1, start, end, end+1). */
function probePorts(network: Network, reference: Reference, eniId: string, cells: readonly ReachCell[], random: readonly number[]): number[] {
  const ports = new Set<number>([0, 65535, ...random]);
  const edges = (range: readonly [number, number]): void => {
    for (const q of [range[0] - 1, range[0], range[1], range[1] + 1]) if (q >= 0 && q <= 65535) ports.add(q);
  };
  const eni = network.networkInterfaces.get(eniId)!;
  const subnet = network.subnets.get(eni.subnetId);
  const acl = subnet === undefined ? null : reference.naclOf(subnet);
  for (const entry of acl?.entries ?? []) if (entry.ports !== null && !entry.egress) edges(entry.ports);
  for (const groupId of eni.groupIds) for (const rule of network.securityGroups.get(groupId)?.ingress ?? []) if (rule.ports !== null) edges(rule.ports);
  for (const cell of cells) edges(cell.ports);
  return [...ports].sort((a, b) => a - b);
}

function asBigint(ip: Ip): bigint {
  return typeof ip === 'number' ? BigInt(ip) : ip;
}

function fromBigint(family: Family, value: bigint): Ip {
  return family === 4 ? Number(value) : value;
}

export interface RunOptions {
  /** Changes the engine's answer before comparing (the harness's own self-test plants bugs this way). */
  readonly tamper?: (result: EngineResult) => EngineResult;
  /** Changes the generated estate before loading (for experiments outside the generator's range). */
  readonly reshape?: (estate: GeneratedEstate) => GeneratedEstate;
}

export async function runSeed(seed: number, runOptions: RunOptions = {}): Promise<SeedOutcome> {
  const generated = generateEstate(seed);
  const estate = runOptions.reshape === undefined ? generated : runOptions.reshape(generated);
  const loaded = await loadAndAssess(estate);
  const network = loaded.network;
  const result = runOptions.tamper === undefined ? loaded.result : runOptions.tamper(loaded.result);
  const reference = new Reference(network, estate.options);
  const rng = new Rng(seed ^ 0x5bd1e995);
  const randomAddresses: Ip[] = [];
  for (let i = 0; i < 5; i++) randomAddresses.push(Math.floor(rng.float() * V4_MAX));
  for (let i = 0; i < 3; i++) randomAddresses.push((BigInt(Math.floor(rng.float() * 2 ** 32)) << 96n) | BigInt(Math.floor(rng.float() * 2 ** 32)));
  const randomPorts = [rng.int(1, 65534), rng.int(1, 65534)];
  const disagreements: Disagreement[] = [];
  let probes = 0;

  // Engine cells by interface, then by source key.
  const engineCells = new Map<string, Map<string, { key: SourceKey; cells: ReachCell[] }>>();
  for (const r of result.reachabilities) {
    const byKey = engineCells.get(r.networkInterfaceId) ?? new Map<string, { key: SourceKey; cells: ReachCell[] }>();
    engineCells.set(r.networkInterfaceId, byKey);
    const key = engineKey(r);
    const entry = byKey.get(keyText(key)) ?? { key, cells: [] };
    byKey.set(keyText(key), entry);
    entry.cells.push(...r.cells);
  }
  const instanceOf = new Map<string, string>();
  for (const r of result.reachabilities) instanceOf.set(r.networkInterfaceId, r.instanceId);

  const record = (eniId: string, key: SourceKey, protocol: Transport, port: number, address: Ip, engine: boolean, ref: boolean): void => {
    probes++;
    if (engine === ref) return;
    disagreements.push({ seed, instanceId: instanceOf.get(eniId) ?? '?', eniId, key, protocol, port, address, engine, reference: ref });
  };

  // 1. Every probe at every running instance's interface, for every source the reference or the engine knows.
  for (const instance of [...network.instances.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (instance.state !== 'running') continue;
    for (const eniId of instance.networkInterfaceIds) {
      const eni = network.networkInterfaces.get(eniId);
      if (eni === undefined) continue;
      instanceOf.set(eniId, instance.id);
      const byKey = engineCells.get(eniId) ?? new Map<string, { key: SourceKey; cells: ReachCell[] }>();
      const keys = new Map<string, SourceKey>();
      for (const key of reference.keysFor(eni)) keys.set(keyText(key), key);
      for (const [text, { key }] of byKey) keys.set(text, key);
      for (const [text, key] of keys) {
        const cells = byKey.get(text)?.cells ?? [];
        const addresses = probeAddresses(network, estate.options, reference, eniId, key, randomAddresses);
        for (const protocol of TRANSPORTS) {
          const protocolCells = cells.filter((c) => c.protocol === protocol);
          const possible = reference.possiblePorts(eniId, key, protocol);
          let ports: number[];
          let asked: readonly Ip[] = addresses;
          if (possible === 'any') ports = probePorts(network, reference, eniId, protocolCells, randomPorts);
          else if (possible.length > 0) ports = [...new Set(possible.flatMap((p) => [p - 1, p, p + 1]).filter((p) => p >= 0 && p <= 65535))];
          else {
            // Nothing can arrive this way: a light check here; every engine cell is checked below anyway.
            ports = [0, 22, 80, 443, 65535];
            asked = addresses.filter((_, i) => i % 16 === 0);
          }
          for (const port of ports) {
            const portCells = protocolCells.filter((c) => c.ports[0] <= port && port <= c.ports[1]);
            for (const address of asked) {
              const engine = portCells.some((c) => c.sources.has(asBigint(address)));
              record(eniId, key, protocol, port, address, engine, reference.reachable(eniId, key, address, protocol, port));
            }
          }
        }
      }
    }
  }

  // 2. Every engine cell's edges (first / last source ranges, first / last port) must be reachable for the reference.
  for (const r of result.reachabilities) {
    const key = engineKey(r);
    for (const cell of r.cells) {
      const ranges = cell.sources.ranges();
      const sample = ranges.length <= 24 ? ranges : [...ranges.slice(0, 12), ...ranges.slice(-12)];
      for (const [low, high] of sample) {
        for (const port of new Set([cell.ports[0], cell.ports[1]])) {
          for (const value of new Set([low, high])) {
            const address = fromBigint(r.ipVersion, value);
            if (!reference.reachable(r.networkInterfaceId, key, address, cell.protocol, port)) {
              record(r.networkInterfaceId, key, cell.protocol, port, address, true, false);
            } else probes++;
          }
        }
      }
    }
  }
  return { seed, estate, network, result, reference, disagreements, probes };
}

/**
 * The known engine deviation that explains a disagreement (a reference imitating it agrees with
 * the engine), or null for a new one.
 */
const imitators = new WeakMap<SeedOutcome, Map<EngineDeviation, Reference>>();

export function knownDeviation(outcome: SeedOutcome, d: Disagreement): EngineDeviation | null {
  const byDeviation = imitators.get(outcome) ?? new Map<EngineDeviation, Reference>();
  imitators.set(outcome, byDeviation);
  for (const deviation of Object.keys(KNOWN_ENGINE_DEVIATIONS) as EngineDeviation[]) {
    const imitating = byDeviation.get(deviation) ?? new Reference(outcome.network, { ...outcome.estate.options, imitate: new Set([deviation]) });
    byDeviation.set(deviation, imitating);
    if (imitating.reachable(d.eniId, d.key, d.address, d.protocol, d.port) === d.engine) return deviation;
  }
  return null;
}

export function describeDisagreement(d: Disagreement, reference: Reference): string {
  return [
    `seed ${d.seed}: ${d.instanceId} ${d.eniId}`,
    `${keyText(d.key)} ${d.protocol}/${d.port} from ${formatIpRef(d.address)}`,
    `engine=${d.engine ? 'reachable' : 'blocked'} reference=${d.reference ? 'reachable' : 'blocked'}`,
    `(reference: ${reference.explain(d.eniId, d.key, d.address, d.protocol, d.port)})`,
  ].join(' ');
}

/** Disagreements that look alike (same source kind, direction), for a short summary. */
export function disagreementKind(d: Disagreement): string {
  return `${d.key.reachabilityType}/${d.key.via.type}/v${d.key.family} ${d.engine ? 'engine-only' : 'reference-only'}`;
}
