// Bad input gives one line naming the file, the JSON path and what was expected and found;
// --lenient skips the smallest enclosing resource (a single rule of a group, NACL or route table)
// and lists it in the coverage.
import assert from 'node:assert/strict';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSnapshot, SnapshotError } from '../../src/snapshot/index.js';
import { naclWithEntry, removeSnapshots, securityGroup, SUBNET, VPC, writeSnapshot } from './snapshot-fixtures.js';

after(removeSnapshots);

async function loadError(files: Readonly<Record<string, unknown>>): Promise<SnapshotError> {
  const dir = await writeSnapshot(files);
  try {
    await loadSnapshot(dir, { lenient: false });
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `expected a SnapshotError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }
  assert.fail('the snapshot loaded');
}

const entry = (overrides: Readonly<Record<string, unknown>>): Record<string, unknown> => ({
  CidrBlock: '0.0.0.0/0',
  Egress: false,
  Protocol: '6',
  PortRange: { From: 80, To: 80 },
  RuleAction: 'allow',
  RuleNumber: 110,
  ...overrides,
});

describe('strict loading', () => {
  test('a file that is not JSON', async () => {
    const error = await loadError({ 'aws_configs/Vpcs.json': '{\n  "Vpcs": [\n    {"VpcId": "vpc-1",, }\n  ]\n}\n' });
    assert.equal(error.file, 'aws_configs/Vpcs.json');
    assert.equal(error.jsonPath, '$');
    assert.equal(
      error.message,
      'aws_configs/Vpcs.json: $: expected JSON, got a syntax error at line 3, column 23 (Expected double-quoted property name)',
    );
  });

  test('bytes that are not UTF-8 are refused at their line and column; UTF-16 with its byte-order mark is read', async () => {
    // A real replacement character (EF BF BD) before the bad byte must not be taken for it.
    const text = JSON.stringify({ Vpcs: [{ ...VPC.Vpcs[0], Tags: [{ Key: 'Name', Value: 'caf\u00e9 \ufffd \u7f51' }] }] }, null, 2);
    const cut = text.indexOf('\u7f51');
    const bad = Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0xe7, 0xbd]), Buffer.from(text.slice(cut + 1))]);
    const error = await loadError({ 'Vpcs.json': bad });
    const before = text.slice(0, cut);
    assert.equal(error.message, `Vpcs.json: $: expected UTF-8 text, got bytes that are not UTF-8 at line ${before.split('\n').length}, column ${cut - before.lastIndexOf('\n')}`);
    // Windows PowerShell's `aws ec2 describe-vpcs > Vpcs.json` writes UTF-16 with a byte-order mark.
    const utf8 = await loadSnapshot(await writeSnapshot({ 'Vpcs.json': text }), { lenient: false });
    const littleEndian = Buffer.from(`\ufeff${text}`, 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    for (const utf16 of [littleEndian, bigEndian]) {
      const loaded = await loadSnapshot(await writeSnapshot({ 'Vpcs.json': utf16 }), { lenient: false });
      assert.deepEqual(loaded.network, utf8.network);
      assert.equal(loaded.network.vpcs.size, 1);
    }
    const odd = await loadError({ 'Vpcs.json': littleEndian.subarray(0, littleEndian.length - 1) });
    assert.equal(odd.message, 'Vpcs.json: $: expected UTF-16 text (the file starts with its byte-order mark), got an odd number of bytes');
  });

  test('records AWS writes without a reference load: a regional NAT gateway without a subnet, an empty id where there is none', async () => {
    const dir = await writeSnapshot({
      'Vpcs.json': VPC,
      'NatGateways.json': { NatGateways: [{ NatGatewayId: 'nat-0regional', VpcId: 'vpc-0a1b2c3d4e5f60718', State: 'available', AvailabilityMode: 'regional', NatGatewayAddresses: [] }] },
      'Addresses.json': { Addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '54.1.2.3', Domain: 'vpc', InstanceId: '', AssociationId: '' }] },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.equal(network.natGateways.get('nat-0regional')?.subnetId, null);
  });

  test('a /33', async () => {
    const error = await loadError({
      'aws_configs/Vpcs.json': { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }, { VpcId: 'vpc-2', CidrBlock: '10.0.0.0/33' }] },
    });
    assert.equal(error.message, 'aws_configs/Vpcs.json: $.Vpcs[1].CidrBlock: expected an IPv4 CIDR, got "10.0.0.0/33"');
  });

  test('port 70000', async () => {
    const error = await loadError({ 'aws_configs/NetworkAcls.json': naclWithEntry(entry({ PortRange: { From: 70000, To: 70000 } })) });
    assert.equal(error.message, 'aws_configs/NetworkAcls.json: $.NetworkAcls[0].Entries[2].PortRange.From: expected a port 0-65535, got 70000');
    assert.equal(error.file, 'aws_configs/NetworkAcls.json');
    assert.equal(error.jsonPath, '$.NetworkAcls[0].Entries[2].PortRange.From');
  });

  test('values that do not exist: an instance state, 30 February', async () => {
    const state = await loadError({ 'aws_configs/Reservations.json': { Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'flying' } }] }] } });
    assert.equal(
      state.message,
      'aws_configs/Reservations.json: $.Reservations[0].Instances[0].State.Name: expected pending or running or shutting-down or terminated or stopping or stopped, got "flying"',
    );
    const date = await loadError({ 'manifest.json': { collectedAt: '2026-02-30T09:30:00Z' }, 'aws_configs/Vpcs.json': { Vpcs: [{ VpcId: 'vpc-1' }] } });
    assert.equal(date.message, 'manifest.json: $.collectedAt: expected an ISO-8601 timestamp (e.g. 2024-05-01T12:00:00Z), got "2026-02-30T09:30:00Z"');
    // A leap day is a real date.
    const dir = await writeSnapshot({ 'manifest.json': { collectedAt: '2028-02-29T09:30:00Z' }, 'aws_configs/Vpcs.json': { Vpcs: [{ VpcId: 'vpc-1' }] } });
    assert.equal((await loadSnapshot(dir, { lenient: false })).network.collectedAt, '2028-02-29T09:30:00Z');
  });

  test('an unknown protocol', async () => {
    const error = await loadError({
      'aws_configs/SecurityGroups.json': { SecurityGroups: [securityGroup({ IpProtocol: 'sctp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] },
    });
    assert.equal(
      error.message,
      'aws_configs/SecurityGroups.json: $.SecurityGroups[0].IpPermissions[0].IpProtocol: expected a protocol (-1, 0-255, tcp, udp, icmp, icmpv6 or all), got "sctp"',
    );
    const numeric = await loadError({ 'aws_configs/NetworkAcls.json': naclWithEntry(entry({ Protocol: '256' })) });
    assert.match(numeric.message, /\$\.NetworkAcls\[0\]\.Entries\[2\]\.Protocol: expected a protocol .*, got "256"$/);
  });

  test('a wrong type, a missing field, a value out of a closed set', async () => {
    const wrongType = await loadError({ 'aws_configs/NetworkAcls.json': naclWithEntry(entry({ Egress: 'false' })) });
    assert.equal(wrongType.message, 'aws_configs/NetworkAcls.json: $.NetworkAcls[0].Entries[2].Egress: expected true or false, got "false"');
    const missing = await loadError({ 'Subnets.json': { Subnets: [{ SubnetId: 'subnet-1', CidrBlock: '10.0.0.0/24' }] } });
    assert.equal(missing.message, 'Subnets.json: $.Subnets[0].VpcId: expected an id (a non-empty string), got nothing (the field is missing)');
    const action = await loadError({ 'acl.json': naclWithEntry(entry({ RuleAction: 'permit' })) });
    assert.equal(action.message, 'acl.json: $.NetworkAcls[0].Entries[2].RuleAction: expected allow or deny, got "permit"');
    const notList = await loadError({ 'vpcs.json': { Vpcs: { VpcId: 'vpc-1' } } });
    assert.equal(notList.message, 'vpcs.json: $.Vpcs: expected a list, got an object');
    const notObject = await loadError({ 'vpcs.json': { Vpcs: ['vpc-1'] } });
    assert.equal(notObject.message, 'vpcs.json: $.Vpcs[0]: expected an object, got "vpc-1"');
  });

  test('impossible values: rule number, reversed range, CIDR family, both CIDRs', async () => {
    const rule = await loadError({ 'acl.json': naclWithEntry(entry({ RuleNumber: 40000 })) });
    assert.equal(rule.message, 'acl.json: $.NetworkAcls[0].Entries[2].RuleNumber: expected a rule number 1-32768, got 40000');
    const reversed = await loadError({ 'acl.json': naclWithEntry(entry({ PortRange: { From: 443, To: 80 } })) });
    assert.equal(reversed.message, 'acl.json: $.NetworkAcls[0].Entries[2].PortRange: expected From ≤ To, got 443-80');
    const family = await loadError({ 'acl.json': naclWithEntry(entry({ CidrBlock: '::/0' })) });
    assert.equal(family.message, 'acl.json: $.NetworkAcls[0].Entries[2].CidrBlock: expected an IPv4 CIDR, got "::/0"');
    const both = await loadError({ 'acl.json': naclWithEntry(entry({ Ipv6CidrBlock: '::/0' })) });
    assert.equal(both.message, 'acl.json: $.NetworkAcls[0].Entries[2]: expected exactly one of CidrBlock and Ipv6CidrBlock, got both');
    const sgPorts = await loadError({
      'sg.json': { SecurityGroups: [securityGroup({ IpProtocol: 'tcp', FromPort: 22, ToPort: 65536, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] },
    });
    assert.equal(sgPorts.message, 'sg.json: $.SecurityGroups[0].IpPermissions[0].ToPort: expected a port 0-65535 or -1, got 65536');
    const ip = await loadError({
      'eni.json': {
        NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', PrivateIpAddress: '10.0.0.256' }],
      },
    });
    assert.equal(ip.message, 'eni.json: $.NetworkInterfaces[0].PrivateIpAddress: expected an IP address, got "10.0.0.256"');
  });

  test('an instance with a bad embedded ENI names the path inside the reservation', async () => {
    const error = await loadError({
      'instances.json': {
        Reservations: [
          { OwnerId: '111122223333', Instances: [{ InstanceId: 'i-1', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: 7 }] }] }] },
        ],
      },
    });
    assert.equal(
      error.message,
      'instances.json: $.Reservations[0].Instances[0].NetworkInterfaces[0].Groups[0].GroupId: expected an id (a non-empty string), got 7',
    );
  });

  test('an empty folder, a folder without AWS data, a missing folder', async () => {
    const empty = await writeSnapshot({});
    await assert.rejects(loadSnapshot(empty, { lenient: false }), (error: unknown) => {
      assert.ok(error instanceof SnapshotError);
      assert.equal(error.message, `${empty}: $: expected a snapshot folder with AWS describe-* JSON files, got no *.json file`);
      return true;
    });
    const unknownOnly = await writeSnapshot({ 'AvailabilityZones.json': { AvailabilityZones: [] }, 'README.json': { title: 'x' } });
    await assert.rejects(loadSnapshot(unknownOnly, { lenient: true }), /got none in 2 JSON files$/);
    await assert.rejects(loadSnapshot(path.join(empty, 'nope'), { lenient: false }), /: \$: expected a snapshot folder, got nothing \(no such folder\)$/);
  });

  test('resource limits: files over 2 GiB and JSON nested deeper than 64 levels', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'huge.json': '' });
    await truncate(path.join(dir, 'huge.json'), 2 * 1024 ** 3 + 1);
    await assert.rejects(loadSnapshot(dir, { lenient: true }), {
      name: 'SnapshotError',
      message: 'huge.json: $: expected a file of at most 2 GiB (--max-file-size), got 2147483649 bytes',
    });
    const deep = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': `{"Vpcs": ${'['.repeat(100000)}${']'.repeat(100000)}}` });
    await assert.rejects(loadSnapshot(deep, { lenient: false }), {
      name: 'SnapshotError',
      message: 'deep.json: $: expected JSON nested at most 64 levels deep (--max-depth), got deeper nesting',
    });
    // 64 levels is fine (and brackets inside strings do not count).
    const ok = await writeSnapshot({ 'Vpcs.json': VPC, 'fine.json': `{"x": ${'['.repeat(63)}"[[[[[[[[[[[[[["${']'.repeat(63)}}` });
    const loaded = await loadSnapshot(ok, { lenient: false });
    assert.deepEqual(loaded.warnings, ["fine.json: unknown top-level key 'x', skipped"]);
  });
});

describe('warnings', () => {
  test('unknown keys and kinds netreach does not use are skipped with a warning, sorted', async () => {
    const dir = await writeSnapshot({
      'aws_configs/AvailabilityZones.json': { AvailabilityZones: [{ ZoneName: 'us-east-1a' }] },
      'aws_configs/Vpcs.json': { ...VPC, NextToken: null, ResponseMetadata: { RequestId: 'x' } },
      'aws_configs/DbInstances.json': { DBInstances: [] },
      'aws_configs/list.json': [1, 2, 3],
      'aws_configs/routes.json': { Routes: [] },
    });
    const { warnings, network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(warnings, [
      "aws_configs/AvailabilityZones.json: unknown top-level key 'AvailabilityZones', skipped",
      "aws_configs/DbInstances.json: unknown top-level key 'DBInstances', skipped",
      'aws_configs/list.json: not an object of AWS data (a list at the top level), skipped',
      "aws_configs/routes.json: top-level key 'Routes' without TransitGatewayRouteTableId (search-transit-gateway-routes output needs the table id the collector adds), skipped",
    ]);
    assert.deepEqual([...network.kindsPresent], ['Vpcs']);
  });

  test('a NextToken means later pages are missing: a coverage note', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': { ...VPC, NextToken: 'eyJ2IjoxfQ==' } });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(network.coverage, [
      { resourceType: 'Snapshot', resourceId: 'Vpcs.json', reason: 'NextToken present: the call was paginated and later pages are not in the snapshot', file: 'Vpcs.json' },
    ]);
  });
});

describe('lenient loading', () => {
  test('skips the bad NACL entry, the bad instance and the non-JSON file, and lists them', async () => {
    const instances = {
      Reservations: [
        {
          OwnerId: '111122223333',
          Instances: [
            { InstanceId: 'i-good', State: { Name: 'running' }, SubnetId: 'subnet-0123456789abcdef0', VpcId: 'vpc-0a1b2c3d4e5f60718', PrivateIpAddress: '10.0.1.5', SecurityGroups: [] },
            { InstanceId: 'i-bad', State: { Name: 'running' }, PublicIpAddress: '300.1.1.1' },
          ],
        },
      ],
    };
    const files = {
      'aws_configs/Vpcs.json': VPC,
      'aws_configs/Subnets.json': SUBNET,
      'aws_configs/NetworkAcls.json': naclWithEntry(entry({ PortRange: { From: 80, To: 70000 } })),
      'aws_configs/Reservations.json': instances,
      'aws_configs/broken.json': '{"Vpcs": [',
      'aws_configs/Subnets2.json': { Subnets: [{ CidrBlock: '10.0.2.0/24' }] },
    };
    const dir = await writeSnapshot(files);
    await assert.rejects(loadSnapshot(dir, { lenient: false }), SnapshotError);
    const { network } = await loadSnapshot(dir, { lenient: true });
    assert.deepEqual(
      network.networkAcls.get('acl-0aaa1111bbbb2222c')?.entries.map((e) => `${e.egress ? 'out' : 'in'} ${e.ruleNumber}`),
      ['in 100', 'out 100', 'in 32767'],
      'the NACL keeps its good entries',
    );
    assert.deepEqual([...network.instances.keys()], ['i-good']);
    assert.deepEqual([...network.subnets.keys()], ['subnet-0123456789abcdef0']);
    assert.deepEqual(network.coverage, [
      {
        resourceType: 'AWS::EC2::NetworkAcl',
        resourceId: 'acl-0aaa1111bbbb2222c',
        reason: 'skipped: $.NetworkAcls[0].Entries[2].PortRange.To: expected a port 0-65535, got 70000',
        file: 'aws_configs/NetworkAcls.json',
      },
      {
        resourceType: 'AWS::EC2::Instance',
        resourceId: 'i-bad',
        reason: 'skipped: $.Reservations[0].Instances[1].PublicIpAddress: expected an IPv4 address, got "300.1.1.1"',
        file: 'aws_configs/Reservations.json',
      },
      {
        resourceType: 'AWS::EC2::Subnet',
        resourceId: '$.Subnets[0]',
        reason: 'skipped: $.Subnets[0].SubnetId: expected an id (a non-empty string), got nothing (the field is missing)',
        file: 'aws_configs/Subnets2.json',
      },
      {
        resourceType: 'File',
        resourceId: 'aws_configs/broken.json',
        reason: 'skipped: $: expected JSON, got a syntax error at line 1, column 11 (Unexpected end of JSON input)',
        file: 'aws_configs/broken.json',
      },
    ]);
  });

  test("a group's malformed permissions are skipped one by one, each named at its place in the file; its good rules stay", async () => {
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
    const group = securityGroup({ ...ssh, FromPort: 30, ToPort: 20 });
    group.IpPermissions = [{ ...ssh, FromPort: 30, ToPort: 20 }, ssh, { ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/33' }] }];
    const dir = await writeSnapshot({ 'sg.json': { SecurityGroups: [group] } });
    const { network } = await loadSnapshot(dir, { lenient: true });
    const rules = network.securityGroups.get('sg-0fedcba9876543210')?.ingress;
    assert.deepEqual(rules?.map((r) => [r.ports, r.source]), [[[22, 22], { kind: 'cidr', cidr: '0.0.0.0/0' }]]);
    assert.deepEqual(
      network.coverage.map((c) => c.reason),
      [
        'skipped: $.SecurityGroups[0].IpPermissions[0]: expected FromPort ≤ ToPort, got 30-20',
        'skipped: $.SecurityGroups[0].IpPermissions[2].IpRanges[0].CidrIp: expected an IPv4 CIDR, got "10.0.0.0/33"',
      ],
    );
  });

  test('partly skipped child data reads as not collected, never as complete', async () => {
    const lbArn = 'arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer/net/nlb/1';
    const tgArn = 'arn:aws:elasticloadbalancing:eu-west-2:111122223333:targetgroup/tg/1';
    const dir = await writeSnapshot({
      'lb.json': { LoadBalancers: [{ LoadBalancerArn: lbArn, Type: 'network', Scheme: 'internet-facing' }] },
      'listeners.json': {
        Listeners: [
          { ListenerArn: `${lbArn}/a`, LoadBalancerArn: lbArn, Port: 22, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] },
          { ListenerArn: `${lbArn}/b`, LoadBalancerArn: lbArn, Port: 99999, Protocol: 'TCP' },
        ],
      },
      'tg.json': { TargetGroups: [{ TargetGroupArn: tgArn, TargetType: 'instance', Port: 22 }] },
      'health.json': { TargetGroupArn: tgArn, TargetHealthDescriptions: [{ Target: { Id: 'i-1', Port: 22 } }, { Target: { Id: 'i-2', Port: -5 } }] },
      'tgw.json': {
        TransitGatewayRouteTables: [{ TransitGatewayRouteTableId: 'tgw-rtb-1', TransitGatewayId: 'tgw-1' }],
        TransitGatewayStaticRoutes: [{ TransitGatewayRouteTableId: 'tgw-rtb-1', Routes: [{ DestinationCidrBlock: '10.0.0.0/8', Type: 'static' }, { DestinationCidrBlock: 'ten' }] }],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: true });
    assert.equal(network.loadBalancers.get(lbArn)?.listeners, null);
    assert.equal(network.targetGroups.get(tgArn)?.targets, null);
    assert.equal(network.transitGatewayRouteTables.get('tgw-rtb-1')?.routes, null);
    assert.deepEqual(
      network.coverage.map((n) => [n.resourceType, n.resourceId]),
      [
        ['AWS::ElasticLoadBalancingV2::TargetGroup', tgArn],
        ['AWS::ElasticLoadBalancingV2::Listener', `${lbArn}/b`],
        ['AWS::EC2::TransitGatewayRouteTable', 'tgw-rtb-1'],
      ],
    );
  });
});

test('never a stack trace: SnapshotError messages are one line even for odd input', async () => {
  const dir = await writeSnapshot({ 'Vpcs.json': VPC });
  await writeFile(path.join(dir, 'weird.json'), '{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/8\\n/33"}]}');
  await assert.rejects(loadSnapshot(dir, { lenient: false }), (error: unknown) => {
    assert.ok(error instanceof SnapshotError);
    assert.equal(error.message, 'weird.json: $.Vpcs[0].CidrBlock: expected an IPv4 CIDR, got "10.0.0.0/8\\n/33"');
    return true;
  });
});
