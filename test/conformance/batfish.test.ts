// Batfish's AWS scenarios (../shared/conformance/batfish, read in place): every scenario loads,
// and every query about traffic from outside a VPC (internet, VPN gateway, peer VPC, transit
// gateway) into an instance's TCP/UDP port agrees with the engine's reachable sets. Queries about
// other things (outbound, same-VPC, NAT, endpoints, protocol numbers) are the point-query issue's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS, type EngineResult } from '../../src/engine/index.js';
import type { Network } from '../../src/model/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'conformance', 'batfish');

interface Query {
  readonly id: string;
  readonly from: { readonly kind: string; readonly address?: string; readonly instanceId?: string; readonly gatewayId?: string };
  readonly to: { readonly address: string; readonly instanceId?: string };
  readonly protocol: string | number;
  readonly dstPort?: number;
  readonly expect: 'reachable' | 'blocked';
  readonly direction?: string;
}

interface Scenario {
  readonly scenario: string;
  readonly queries: readonly Query[];
}

function instanceVpc(network: Network, instanceId: string | undefined): string | null {
  if (instanceId === undefined) return null;
  const instance = network.instances.get(instanceId);
  const eni = instance?.networkInterfaceIds[0] === undefined ? undefined : network.networkInterfaces.get(instance.networkInterfaceIds[0]);
  return eni?.vpcId ?? instance?.vpcId ?? null;
}

/** Which queries this test answers, and how the engine answers them; null for the rest. */
function engineAnswer(q: Query, network: Network, result: EngineResult): 'reachable' | 'blocked' | null {
  if (q.direction === 'outbound' || (q.protocol !== 'tcp' && q.protocol !== 'udp') || q.dstPort === undefined) return null;
  const protocol = q.protocol;
  const port = q.dstPort;
  const hits = (types: readonly string[], source: string, delivered: (addresses: readonly string[]) => boolean): boolean =>
    result.reachabilities.some(
      (r) =>
        types.includes(r.reachabilityType) &&
        r.ipVersion === 4 &&
        delivered(r.destinationAddresses) &&
        r.cells.some((c) => c.protocol === protocol && c.ports[0] <= port && port <= c.ports[1] && c.sources.has(source)),
    );
  if (q.from.kind === 'internet' && q.from.address !== undefined) {
    // The destination is a public address: the IGW translates it to the private address it belongs to.
    const owners = [...network.networkInterfaces.values()].flatMap((eni) => eni.publicIps.filter((p) => p.publicIp === q.to.address).map((p) => p.privateIp));
    return hits(['Internet'], q.from.address, (addresses) => addresses.some((a) => owners.includes(a))) ? 'reachable' : 'blocked';
  }
  if (q.from.kind === 'instance' && q.from.address !== undefined && q.to.instanceId !== undefined) {
    const fromVpc = instanceVpc(network, q.from.instanceId);
    const toVpc = instanceVpc(network, q.to.instanceId);
    if (fromVpc === null || toVpc === null || fromVpc === toVpc) return null;
    return hits(['PeeredVpc', 'TransitGateway', 'VGW'], q.from.address, (addresses) => addresses.includes(q.to.address)) ? 'reachable' : 'blocked';
  }
  return null;
}

const scenarios = existsSync(ROOT) ? readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'expected.json'))).sort() : [];

test('the Batfish conformance set is present', () => {
  assert.equal(scenarios.length, 15, `expected 15 scenarios under ${ROOT}`);
});

const answered: string[] = [];

for (const name of scenarios) {
  test(`conformance: ${name}`, async () => {
    const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as Scenario;
    const { network } = await loadSnapshot(join(ROOT, name, 'aws_configs'), { lenient: false });
    assert.ok(network.instances.size > 0, 'the scenario has instances');
    const result = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
    for (const q of expected.queries) {
      const answer = engineAnswer(q, network, result);
      if (answer === null) continue;
      answered.push(`${name}/${q.id}`);
      assert.equal(answer, q.expect, `${name} ${q.id}: ${q.from.kind} ${q.from.address ?? q.from.gatewayId ?? ''} -> ${q.to.address} ${String(q.protocol)}/${q.dstPort}`);
    }
  });
}

test('the inbound-from-outside queries were all answered', () => {
  assert.deepEqual(answered.sort(), [
    'nat-gateway/testNonSessionPacket-1',
    'public-subnet/testFromInternetToValidPublicIp-1',
    'transit-gateway-multi-account/testFromAtoB-1',
    'transit-gateway-multi-account/testFromBtoA-1',
    'vpc-peering-multi-account/testFromAtoB-1',
    'vpc-peering-multi-account/testFromBtoA-1',
  ]);
});
