import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFindings } from '../../src/findings/build.js';
import type { Finding } from '../../src/findings/finding.js';
import { RawEstate } from '../support/raw-estate.js';

// One interface with two groups whose rules admit different ports, behind a NACL that admits
// different ports by different entries: a NetworkExposure finding's path must name what lets in
// each of its ports, and no other group's rules.
async function exposures(): Promise<{ a: Finding; b: Finding; sgA: string; sgB: string }> {
  const e = new RawEstate();
  const vpc = e.vpc('10.0.0.0/16');
  const igw = e.internetGateway(vpc);
  const subnet = e.subnet(vpc, '10.0.1.0/24');
  e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  e.nacl(vpc, {
    subnets: [subnet],
    entries: [
      { rule: 90, protocol: '6', cidr: '5.5.5.0/24', ports: [22, 22] },
      { rule: 100, protocol: '6', cidr: '0.0.0.0/0', ports: [0, 65535] },
      { rule: 110, protocol: '17', cidr: '0.0.0.0/0', ports: [0, 65535] },
      { rule: 100, egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
    ],
    isDefault: true,
  });
  const sgA = e.securityGroup(vpc, 'a', [
    { protocol: 'tcp', from: 20, to: 22, cidrs: ['0.0.0.0/0'] },
    { protocol: 'udp', from: 53, to: 53, cidrs: ['0.0.0.0/0'] },
  ]);
  const sgB = e.securityGroup(vpc, 'b', [
    { protocol: 'tcp', from: 22, to: 22, cidrs: ['1.2.3.0/24'] },
    { protocol: 'tcp', from: 3389, to: 3389, cidrs: ['1.2.3.0/24'] },
    { protocol: 'udp', from: 60000, to: 60010, cidrs: ['0.0.0.0/0'] },
  ]);
  e.instance(subnet, { groups: [sgA, sgB], privateIp: '10.0.1.5', publicIp: '54.1.1.1' });
  const findings = buildFindings(await e.assess(), new Map()).filter((f) => f.ruleType === 'NetworkExposure');
  const of = (sg: string) => findings.find((f) => f.securityGroupIds[0] === sg)!;
  return { a: of(sgA), b: of(sgB), sgA, sgB };
}

function stepRules(f: Finding, type: string): string[] {
  return f.networkPath.filter((s) => s.componentType === type).map((s) => s.rule ?? '');
}

test("a NetworkExposure path names every rule that lets in one of its ports, and only its own group's", async () => {
  const { a, b, sgA, sgB } = await exposures();
  assert.deepEqual(b.tcpPorts, [[22, 22], [3389, 3389]]);
  assert.deepEqual(b.udpPorts, [[60000, 60010]]);
  const groupSteps = (f: Finding) => f.networkPath.filter((s) => s.componentType === 'AWS::EC2::SecurityGroup');
  assert.deepEqual(groupSteps(b).map((s) => s.componentId), [sgB]);
  assert.deepEqual(groupSteps(a).map((s) => s.componentId), [sgA]);
  for (const rule of ['inbound tcp port 22 from 1.2.3.0/24', 'inbound tcp port 3389 from 1.2.3.0/24', 'inbound udp ports 60000-60010 from 0.0.0.0/0']) {
    assert.ok(groupSteps(b)[0]!.rule!.split('; ').includes(rule), `${rule} in ${groupSteps(b)[0]!.rule}`);
  }
  assert.deepEqual(groupSteps(a)[0]!.rule!.split('; ').sort(), ['inbound tcp ports 20-22 from 0.0.0.0/0', 'inbound udp port 53 from 0.0.0.0/0']);
  // The NACL: inbound entries for TCP 20-22 (90 for 22 from 5.5.5.0/24, 100) and UDP 53 (110); the reply entry once.
  const [inbound, outbound] = stepRules(a, 'AWS::EC2::NetworkAcl');
  assert.deepEqual(inbound!.split('; ').map((r) => r.split(' ')[2]).sort(), ['100', '110', '90']);
  assert.equal(outbound, 'outbound rule 100 ALLOW all traffic to 0.0.0.0/0');
  const bInbound = stepRules(b, 'AWS::EC2::NetworkAcl')[0]!.split('; ').map((r) => r.split(' ')[2]);
  assert.ok(bInbound.includes('100') && bInbound.includes('110'), bInbound.join(','));
  // Each step once, in path order, ending at the interface and the instance.
  assert.deepEqual(
    a.networkPath.map((s) => s.componentType),
    ['AWS::EC2::InternetGateway', 'AWS::EC2::RouteTable', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAcl', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface', 'AWS::EC2::Instance'],
  );
  assert.match(b.description, /inbound udp ports 60000-60010 from 0\.0\.0\.0\/0/);
});
