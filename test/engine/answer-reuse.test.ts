// Reusing one answer for every interface of a configuration (subnet's route table and ACL, group
// set, source) must change nothing a user sees: the JSON report is byte-identical with reuse on
// and off, on a medium estate where most interfaces share a configuration and on the
// differential generator's varied estates (load balancers, transit gateways, IPv6, gaps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW_ALL_NACL, RawEstate } from '../support/raw-estate.js';
import { generateEstate } from '../differential/generator.js';
import { writeEstate as writeBenchEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { writeVariant, type Variant } from '../../bench/variants.js';
import { writeEstate } from '../differential/compare.js';
import type { EngineOptions } from '../../src/engine/index.js';
import { assessedReport } from '../support/assessed-report.js';
import { renderJson } from '../../src/report/json.js';

const DEFAULTS = { ephemeralPorts: [1024, 65535] as const, onpremCidrs: null };

async function jsonReport(dir: string, options: Omit<EngineOptions, 'reuseAnswers'>, reuseAnswers: boolean): Promise<string> {
  return renderJson(await assessedReport(dir, { ...options, reuseAnswers }, 'estate'));
}

/**
 * Four VPCs of 6 subnets and 60 instances each. Public and private subnets, IPv6, a VPN gateway,
 * peering with group-reference rules (members differ per VPC), a prefix list, a subnet left
 * without a network ACL, and interfaces naming a group the snapshot lacks.
 */
function mediumEstate(): RawEstate {
  const e = new RawEstate();
  const office = e.prefixList('office', ['198.51.100.0/24', '203.0.113.0/25']);
  const cidrs = [0, 1, 2, 3].map((v) => `10.${v}.0.0/16`);
  const vpcIds = cidrs.map((cidr, v) => e.vpc(cidr, { ipv6: `2600:1f18:${v}::/56` }));
  // A chain of peerings: VPC v with v - 1 and v + 1.
  const peerings = vpcIds.slice(1).map((vpc, v) => e.peering(vpcIds[v]!, cidrs[v]!, vpc, cidrs[v + 1]!));
  const webGroups: string[] = [];
  for (let v = 0; v < 4; v++) {
    const vpc = vpcIds[v]!;
    const toPeers = [v - 1, v].filter((p) => p >= 0 && p < peerings.length).map((p) => ({ dest: cidrs[p === v - 1 ? v - 1 : v + 1]!, pcx: peerings[p]! }));
    const igw = e.internetGateway(vpc);
    const vgw = v % 2 === 0 ? e.vpnGateway(vpc) : null;
    const subnets = Array.from({ length: 6 }, (_, s) =>
      e.subnet(vpc, `10.${v}.${s}.0/24`, { az: s % 2 === 0 ? 'us-east-1a' : 'us-east-1b', ...(s < 2 ? { ipv6: `2600:1f18:${v}:${s}::/64` } : {}) }),
    );
    const toVpn = [...toPeers, ...(vgw === null ? [] : [{ dest: '192.168.0.0/16', gateway: vgw, propagated: true }])];
    e.routeTable(vpc, { subnets: subnets.slice(0, 3), routes: [{ dest: '0.0.0.0/0', gateway: igw }, { dest6: '::/0', gateway: igw }, ...toVpn] });
    e.routeTable(vpc, { main: true, routes: toVpn });
    // Subnet 5 has no ACL association and the VPC no default ACL: its checks are skipped, with a gap.
    e.nacl(vpc, { subnets: subnets.slice(0, 3), entries: [...ALLOW_ALL_NACL, { rule: 101, ipv6Cidr: '::/0', protocol: '-1' }, { rule: 101, egress: true, ipv6Cidr: '::/0', protocol: '-1' }] });
    e.nacl(vpc, {
      subnets: subnets.slice(3, 5),
      entries: [
        { rule: 90, protocol: '6', action: 'deny', cidr: '192.168.66.0/24', ports: [0, 65535] },
        { rule: 100, protocol: '6', cidr: '0.0.0.0/0', ports: [20, 6000] },
        { rule: 110, protocol: '17', cidr: '192.168.0.0/16', ports: [53, 53] },
        { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
      ],
    });
    const web = e.securityGroup(vpc, 'web', [
      { protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] },
      { protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] },
    ]);
    const admin = e.securityGroup(vpc, 'admin', [
      { protocol: 'tcp', from: 22, to: 22, prefixLists: [office], cidrs: ['192.168.0.0/16'] },
      { protocol: 'tcp', from: 3389, to: 3389, cidrs: ['192.168.10.0/24'] },
    ]);
    const previous = webGroups[v - 1];
    const db = e.securityGroup(vpc, 'db', [
      { protocol: 'tcp', from: 5432, to: 5432, groups: previous === undefined ? [web] : [web, previous] },
      { protocol: 'udp', from: 0, to: 65535, cidrs: ['192.168.0.0/16'] },
      { protocol: '-1', groups: [admin] },
    ]);
    const sets = [[web], [web, admin], [db], [admin, db], [web, 'sg-0notinsnapshot']];
    for (let i = 0; i < 60; i++) {
      const s = i % subnets.length;
      e.instance(subnets[s]!, {
        groups: sets[i % sets.length]!,
        privateIp: `10.${v}.${s}.${10 + Math.floor(i / subnets.length)}`,
        ...(s < 3 && i % 4 !== 3 ? { publicIp: `54.${v}.${s}.${i}` } : {}),
        ...(s < 2 && i % 3 === 0 ? { ipv6: [`2600:1f18:${v}:${s}::${(i + 16).toString(16)}`] } : {}),
      });
    }
    webGroups.push(web);
  }
  return e;
}

async function withFolder<T>(write: (dir: string) => void | Promise<unknown>, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-reuse-'));
  try {
    await write(dir);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a medium estate gives the same JSON report, byte for byte, with and without reused answers', async () => {
  await withFolder(
    (dir) => mediumEstate().write(dir),
    async (dir) => {
      const reused = await jsonReport(dir, DEFAULTS, true);
      const computed = await jsonReport(dir, DEFAULTS, false);
      // The estate must exercise what reuse could get wrong, or the comparison proves little.
      const report = JSON.parse(reused) as { findings: { ruleType: string; reachabilityType: string; ipVersion: number }[]; assessment: { coverage: unknown } };
      const kinds = new Set(report.findings.map((f) => `${f.reachabilityType}/v${f.ipVersion}`));
      assert.deepEqual([...kinds].sort(), ['Internet/v4', 'Internet/v6', 'PeeredVpc/v4', 'VGW/v4']);
      assert.ok(report.findings.length > 1000, `only ${report.findings.length} findings`);
      assert.match(JSON.stringify(report.assessment.coverage), /sg-0notinsnapshot/);
      assert.match(JSON.stringify(report.assessment.coverage), /network ACL of this subnet is not in the snapshot/);
      assert.equal(reused, computed);
    },
  );
});

test('the differential estates give the same JSON report with and without reused answers', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const estate = generateEstate(seed);
    await withFolder(
      (dir) => writeEstate(estate, dir),
      async (dir) => {
        const reused = await jsonReport(dir, estate.options, true);
        const computed = await jsonReport(dir, estate.options, false);
        assert.equal(reused, computed, `seed ${seed} (${estate.summary})`);
      },
    );
  }
});

test("the bench's realistic estate (5,000 instances in 25 VPCs, load balancers, NACL denies, peering, VGWs, IPv6) gives the same report with and without reused answers", async () => {
  await withFolder(
    (dir) => writeBenchEstate(dir, sizeFor(5000), 3).then((counts) => assert.ok(counts.loadBalancers > 0 && counts.peeringConnections > 0 && counts.vpnGateways > 0, JSON.stringify(counts))),
    async (dir) => {
      const reused = await jsonReport(dir, DEFAULTS, true);
      const computed = await jsonReport(dir, DEFAULTS, false);
      const findings = (JSON.parse(reused) as { findings: { reachabilityType: string }[] }).findings;
      assert.ok(findings.length > 5000, `only ${findings.length} findings`);
      assert.ok(new Set(findings.map((f) => f.reachabilityType)).size >= 3, 'several kinds of reachability');
      assert.equal(reused, computed);
    },
  );
});

test('the same estate on a transit gateway hub (interfaces share configurations by which senders reach them) gives the same report with and without reused answers', async () => {
  await withFolder(
    (dir) => writeBenchEstate(dir, { ...sizeFor(3000), transitGatewayHub: true }, 4).then((counts) => assert.ok((counts.transitGatewayAttachments ?? 0) > 10, JSON.stringify(counts))),
    async (dir) => {
      const reused = await jsonReport(dir, DEFAULTS, true);
      const computed = await jsonReport(dir, DEFAULTS, false);
      const findings = (JSON.parse(reused) as { findings: { reachabilityType: string }[] }).findings;
      assert.ok(findings.filter((f) => f.reachabilityType === 'TransitGateway').length > 1000, 'findings through the hub');
      assert.equal(reused, computed);
    },
  );
});

test('interfaces that differ only in a group admitting none of the senders share one answer, and a group that admits some does not', async () => {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, { main: true, subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const web = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
  // A group of its own per instance, as infrastructure modules often make: it admits only the VPC.
  const own = e.securityGroup(vpc, 'own', [{ protocol: 'tcp', from: 9000, to: 9000, cidrs: ['10.0.0.0/16'] }]);
  const partner = e.securityGroup(vpc, 'partner', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['198.51.100.0/24'] }]);
  const plain = e.instance(subnet, { groups: [web], privateIp: '10.0.1.10', publicIp: '54.0.0.10' });
  const withOwn = e.instance(subnet, { groups: [web, own], privateIp: '10.0.1.11', publicIp: '54.0.0.11' });
  const withPartner = e.instance(subnet, { groups: [web, partner], privateIp: '10.0.1.12', publicIp: '54.0.0.12' });
  const result = await e.assess();
  const cellsOf = (instanceId: string) => {
    const reach = result.reachabilities.filter((r) => r.instanceId === instanceId && r.reachabilityType === 'Internet');
    assert.equal(reach.length, 1);
    return reach[0]!.cells;
  };
  const [a, b, c] = [cellsOf(plain.instanceId), cellsOf(withOwn.instanceId), cellsOf(withPartner.instanceId)];
  assert.deepEqual(b.map((cell) => [cell.protocol, cell.ports, cell.groups.map((g) => g.groupId)]), [['tcp', [443, 443], [web]]]);
  assert.equal(b[0]!.groups, a[0]!.groups, 'the own group admits no internet sender: one answer for both');
  assert.deepEqual(c.map((cell) => cell.ports), [[22, 22], [443, 443]]);
  assert.notEqual(c[1]!.groups, a[0]!.groups, 'the partner group admits internet senders: an answer of its own');
});

test("the bench's variants (prefix lists and target groups grown, a group of its own per instance, a peering mesh, segmented TGW routing) give the same report with and without reused answers", async () => {
  const plain = mkdtempSync(join(tmpdir(), 'netreach-reuse-plain-'));
  const hub = mkdtempSync(join(tmpdir(), 'netreach-reuse-hub-'));
  try {
    await writeBenchEstate(plain, sizeFor(600), 5);
    await writeBenchEstate(hub, { ...sizeFor(800, { vpcs: 8 }), transitGatewayHub: true }, 5);
    const cases: readonly [Variant, string, number | undefined][] = [
      ['wide', plain, undefined],
      ['own-groups', plain, undefined],
      ['peering-mesh', plain, 3],
      ['segmented-tgw', hub, undefined],
    ];
    for (const [variant, from, peers] of cases) {
      await withFolder(
        (dir) => writeVariant(variant, from, dir, peers === undefined ? {} : { peers }),
        async (dir) => {
          const reused = await jsonReport(dir, DEFAULTS, true);
          const computed = await jsonReport(dir, DEFAULTS, false);
          const findings = (JSON.parse(reused) as { findings: unknown[] }).findings;
          assert.ok(findings.length > 600, `${variant}: only ${findings.length} findings`);
          assert.equal(reused, computed, variant);
        },
      );
    }
  } finally {
    rmSync(plain, { recursive: true, force: true });
    rmSync(hub, { recursive: true, force: true });
  }
});
