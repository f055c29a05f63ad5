// The benchmark's estates: the same seed writes the same bytes, and what is written is AWS data
// netreach reads without a warning, shaped like a real estate (a few percent of the instances
// reachable from the internet, every kind of source present).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';

const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function generated(instances: number, seed: number, hub = false): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netreach-generated-'));
  made.push(dir);
  await writeEstate(dir, hub ? { ...sizeFor(instances), transitGatewayHub: true } : sizeFor(instances), seed);
  return dir;
}

async function contents(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const out = new Map<string, Buffer>();
  for (const f of files) out.set(path.relative(dir, path.join(f.parentPath, f.name)), await readFile(path.join(f.parentPath, f.name)));
  return out;
}

describe('bench/generate', () => {
  test('the same seed writes the same bytes; another seed another estate', async () => {
    const [a, b, c] = await Promise.all([generated(300, 5), generated(300, 5), generated(300, 6)]);
    const [first, second, other] = await Promise.all([contents(a), contents(b), contents(c)]);
    assert.deepEqual([...first.keys()].sort(), [...second.keys()].sort());
    for (const [name, bytes] of first) assert.ok(bytes.equals(second.get(name) ?? Buffer.alloc(0)), `${name} differs`);
    const instances = path.join('123456789012', 'us-east-1', 'ec2-describe-instances.json');
    assert.ok(!first.get(instances)?.equals(other.get(instances) ?? Buffer.alloc(0)));
  });

  test('loads without warnings; a few percent of the instances face the internet', async () => {
    const dir = await generated(1000, 1);
    const loaded = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(loaded.warnings, []);
    const network = loaded.network;
    assert.equal(network.instances.size, 1000);
    assert.equal(network.vpcs.size, 5);
    assert.equal(network.subnets.size, 50);
    assert.equal(network.securityGroups.size, 200);
    assert.equal(network.coverage.length, 0);
    const result = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
    const findings = buildFindings(result, loaded.listeners);
    const kinds = new Set(findings.map((f) => f.reachabilityType));
    for (const kind of ['Internet', 'VGW', 'PeeredVpc'] as const) assert.ok(kinds.has(kind), `no ${kind} finding`);
    const exposed = new Set(findings.filter((f) => f.reachabilityType === 'Internet').map((f) => f.instanceId));
    assert.ok(exposed.size >= 20 && exposed.size <= 100, `${exposed.size} of 1000 instances face the internet`);
    const throughBalancers = new Set(findings.map((f) => f.via.type).filter((type) => ['ALB', 'NLB', 'CLB'].includes(type)));
    assert.deepEqual([...throughBalancers].sort(), ['ALB', 'CLB', 'NLB']);
  });

  test('with a transit gateway hub: every VPC is attached, the rest of the estate is the same bytes, and spokes reach each other through it', async () => {
    const [plain, hub] = await Promise.all([generated(1000, 1), generated(1000, 1, true)]);
    const [without, withHub] = await Promise.all([contents(plain), contents(hub)]);
    const changed = [...withHub.keys()].filter((name) => !withHub.get(name)!.equals(without.get(name) ?? Buffer.alloc(0))).map((name) => path.basename(name)).sort();
    assert.deepEqual(changed, [
      'ec2-describe-customer-gateways.json',
      'ec2-describe-route-tables.json',
      'ec2-describe-transit-gateway-attachments.json',
      'ec2-describe-transit-gateway-route-tables.json',
      'ec2-describe-transit-gateway-vpc-attachments.json',
      'ec2-describe-transit-gateways.json',
      'ec2-describe-vpn-connections.json',
      path.basename([...withHub.keys()].find((name) => name.includes('search-transit-gateway-routes'))!),
      'manifest.json',
    ].sort());
    const loaded = await loadSnapshot(hub, { lenient: false });
    assert.deepEqual(loaded.warnings, []);
    assert.equal(loaded.network.transitGatewayAttachments.size, 6);
    const findings = buildFindings(assessNetwork(loaded.network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null }), loaded.listeners);
    const throughHub = findings.filter((f) => f.reachabilityType === 'TransitGateway');
    assert.ok(new Set(throughHub.map((f) => f.vpcId)).size >= 4, `${throughHub.length} findings through the hub`);
    // From the other spokes and from on-premises behind the hub's VPN.
    assert.ok(throughHub.some((f) => f.sources.some((cidr) => cidr.startsWith('10.'))) && throughHub.some((f) => f.sources.includes('172.20.0.0/16')));
  });
});
