// The benchmark's estate variants (bench/variants.ts): each loads without a warning and has the
// shape it is named for, so the README's "Other shapes" figures can be measured again.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS, type EngineResult } from '../../src/engine/index.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { writeVariant, type Variant } from '../../bench/variants.js';

const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netreach-variant-'));
  made.push(dir);
  return dir;
}

async function estate(hub = false): Promise<string> {
  const dir = await folder();
  // The hub with eight VPCs, so that some attachments lie seven apart.
  await writeEstate(dir, hub ? { ...sizeFor(800, { vpcs: 8 }), transitGatewayHub: true } : sizeFor(600), 3);
  return dir;
}

async function variantOf(from: string, variant: Variant, peers?: number) {
  const out = await folder();
  writeVariant(variant, from, out, peers === undefined ? {} : { peers });
  const loaded = await loadSnapshot(out, { lenient: false });
  assert.deepEqual(loaded.warnings, [], `${variant} loads without warnings`);
  return { network: loaded.network, result: assessNetwork(loaded.network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null }) };
}

/** Reachabilities of one type: one per interface and gateway, peering or LB listener it is reached through. */
function reached(result: EngineResult, type: string): number {
  return result.reachabilities.filter((r) => r.reachabilityType === type).length;
}

test('bench variants: each has its shape, and the plain estate is left as it was', async () => {
  const plainDir = await estate();
  const groupsFile = path.join(plainDir, '123456789012', 'us-east-1', 'ec2-describe-security-groups.json');
  const groupsBefore = await readFile(groupsFile);
  const plain = await loadSnapshot(plainDir, { lenient: false });

  // Wide: every managed prefix list 300 entries longer, target groups of more targets.
  const wide = await variantOf(plainDir, 'wide');
  for (const [id, list] of plain.network.prefixLists) {
    if (list.cidrs === null) continue;
    assert.equal(wide.network.prefixLists.get(id)?.cidrs?.length, list.cidrs.length + 300, id);
  }
  const targets = (n: typeof plain.network): number => [...n.targetGroups.values()].reduce((sum, g) => sum + (g.targets?.length ?? 0), 0);
  assert.ok(targets(wide.network) > 2 * targets(plain.network), 'target groups hold more targets');

  // A group of its own on every instance: one more group per instance, one more group per instance in the estate.
  const own = await variantOf(plainDir, 'own-groups');
  assert.equal(own.network.securityGroups.size, plain.network.securityGroups.size + plain.network.instances.size);
  for (const [id, eni] of plain.network.networkInterfaces) {
    const after = own.network.networkInterfaces.get(id)!;
    if (eni.instanceId !== null && after.groupIds.length !== eni.groupIds.length) assert.equal(after.groupIds.length, eni.groupIds.length + 1);
  }

  // A peering mesh: each VPC peered with its next two, and interfaces reached through far more peerings.
  const mesh = await variantOf(plainDir, 'peering-mesh', 2);
  const vpcs = plain.network.vpcs.size;
  assert.equal(mesh.network.peeringConnections.size, plain.network.peeringConnections.size + vpcs * 2);
  const plainResult = assessNetwork(plain.network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  assert.ok(reached(mesh.result, 'PeeredVpc') > 2 * reached(plainResult, 'PeeredVpc'));

  assert.ok((await readFile(groupsFile)).equals(groupsBefore), 'the variants rewrite a copy, not the estate they start from');

  // Segmented TGW routing: a table per VPC attachment; attachments seven apart reach each other no more.
  const hubDir = await estate(true);
  const hub = await loadSnapshot(hubDir, { lenient: false });
  const segmented = await variantOf(hubDir, 'segmented-tgw');
  const spokes = [...hub.network.transitGatewayAttachments.values()].filter((a) => a.resourceType === 'vpc').length;
  assert.equal(segmented.network.transitGatewayRouteTables.size, hub.network.transitGatewayRouteTables.size + spokes);
  const hubResult = assessNetwork(hub.network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  const senders = (result: EngineResult): number =>
    result.reachabilities.filter((r) => r.reachabilityType === 'TransitGateway').reduce((sum, r) => sum + r.cells.reduce((n, c) => n + c.sources.toCidrs().length, 0), 0);
  assert.notEqual(senders(segmented.result), senders(hubResult), 'the segments change who reaches whom');
});
