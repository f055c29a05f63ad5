// One resource described differently in two files (two collections in one folder): the merge
// keeps one reading, and the coverage says which copies disagreed and on what.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { CoverageNote } from '../../src/model/types.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { naclWithEntry, removeSnapshots, securityGroup, SUBNET, VPC, writeSnapshot } from './snapshot-fixtures.js';

after(removeSnapshots);

const SSH_FROM_OFFICE = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '198.51.100.0/24', Description: 'office' }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
};

function instances(state: string, groupId: string, privateIps: readonly string[]): unknown {
  return {
    Reservations: [
      {
        OwnerId: '111122223333',
        Instances: [
          {
            InstanceId: 'i-0aaaabbbbccccdddd',
            State: { Code: state === 'running' ? 16 : 80, Name: state },
            SubnetId: 'subnet-0123456789abcdef0',
            VpcId: 'vpc-0a1b2c3d4e5f60718',
            PrivateIpAddress: privateIps[0],
            Tags: [{ Key: 'Name', Value: state === 'running' ? 'web-1' : 'web-1 (renamed)' }],
            NetworkInterfaces: [
              {
                NetworkInterfaceId: 'eni-0primary00000000',
                SubnetId: 'subnet-0123456789abcdef0',
                VpcId: 'vpc-0a1b2c3d4e5f60718',
                Attachment: { InstanceId: 'i-0aaaabbbbccccdddd', DeviceIndex: 0, Status: 'attached' },
                Groups: [{ GroupId: groupId, GroupName: 'web' }],
                PrivateIpAddress: privateIps[0],
                PrivateIpAddresses: privateIps.map((ip, i) => ({ PrivateIpAddress: ip, Primary: i === 0 })),
              },
            ],
          },
        ],
      },
    ],
  };
}

async function coverageOf(files: Readonly<Record<string, unknown>>): Promise<{ notes: CoverageNote[]; load: Awaited<ReturnType<typeof loadSnapshot>> }> {
  const dir = await writeSnapshot({ 'vpcs.json': VPC, 'subnets.json': SUBNET, ...files });
  const load = await loadSnapshot(dir, { lenient: false });
  return { notes: [...load.network.coverage], load };
}

describe('copies of one resource that disagree', () => {
  test('copies that differ only in tags, descriptions and order are not reported', async () => {
    const group = securityGroup(SSH_FROM_OFFICE);
    const reordered = {
      ...group,
      Description: 'edited elsewhere',
      Tags: [{ Key: 'team', Value: 'b' }],
      IpPermissions: [{ ...SSH_FROM_OFFICE, IpRanges: [{ CidrIp: '198.51.100.0/24', Description: 'renamed' }] }],
    };
    const { notes } = await coverageOf({
      'a/sg.json': { SecurityGroups: [group] },
      'b/sg.json': { SecurityGroups: [reordered] },
      'a/instances.json': instances('running', 'sg-0fedcba9876543210', ['10.0.1.10', '10.0.1.20']),
      'b/instances.json': instances('running', 'sg-0fedcba9876543210', ['10.0.1.20', '10.0.1.10']),
    });
    assert.deepEqual(notes, []);
  });

  test('a group whose rules differ between two files: the first file by path is used, and the coverage names both', async () => {
    const opened = securityGroup({ ...SSH_FROM_OFFICE, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const { notes, load } = await coverageOf({
      'a/sg.json': { SecurityGroups: [securityGroup(SSH_FROM_OFFICE)] },
      'b/sg.json': { SecurityGroups: [opened] },
    });
    assert.deepEqual(notes, [
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0fedcba9876543210',
        reason: "its copies in a/sg.json and b/sg.json disagree on IpPermissions (a/sg.json's is used)",
        file: 'b/sg.json',
      },
    ]);
    const used = load.network.securityGroups.get('sg-0fedcba9876543210');
    assert.deepEqual(
      used?.ingress.map((r) => r.source),
      [{ kind: 'cidr', cidr: '198.51.100.0/24' }],
      'the first copy by path is the one analysed',
    );
  });

  test('an empty rule list is a fact, not a gap: the other copy does not fill it; a copy without the list does not count', async () => {
    const closed = { ...securityGroup(SSH_FROM_OFFICE), IpPermissions: [] };
    const { IpPermissions: _, ...withoutList } = securityGroup(SSH_FROM_OFFICE);
    const { notes, load } = await coverageOf({
      '0/sg.json': { SecurityGroups: [withoutList] },
      'a/sg.json': { SecurityGroups: [closed] },
      'b/sg.json': { SecurityGroups: [securityGroup(SSH_FROM_OFFICE)] },
    });
    assert.deepEqual(load.network.securityGroups.get('sg-0fedcba9876543210')?.ingress, [], 'the first copy carrying the list is used, even empty');
    assert.deepEqual(
      notes.map((n) => n.reason),
      ["its copies in a/sg.json and b/sg.json disagree on IpPermissions (a/sg.json's is used)"],
    );
  });

  test('an instance stopped in one collection and running in the other, with another group on its ENI', async () => {
    const { notes } = await coverageOf({
      'a/instances.json': instances('running', 'sg-0fedcba9876543210', ['10.0.1.10']),
      'b/instances.json': instances('stopped', 'sg-0other00000000000', ['10.0.1.10']),
    });
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.equal(notes[0]?.resourceType, 'AWS::EC2::Instance');
    assert.equal(
      notes[0]?.reason,
      "its copies in a/instances.json and b/instances.json disagree on State (a/instances.json's is used), NetworkInterfaces (a/instances.json's is used)",
    );
  });

  test("an ENI whose groups differ between describe-network-interfaces and the instance's copy: the union is used", async () => {
    const standalone = {
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0primary00000000',
          SubnetId: 'subnet-0123456789abcdef0',
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          Attachment: { InstanceId: 'i-0aaaabbbbccccdddd', DeviceIndex: 0, Status: 'attached' },
          Groups: [{ GroupId: 'sg-0other00000000000', GroupName: 'db' }],
          PrivateIpAddress: '10.0.1.10',
          PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10', Primary: true }],
        },
      ],
    };
    const { notes, load } = await coverageOf({
      'enis.json': standalone,
      'instances.json': instances('running', 'sg-0fedcba9876543210', ['10.0.1.10']),
    });
    assert.deepEqual(notes, [
      {
        resourceType: 'AWS::EC2::NetworkInterface',
        resourceId: 'eni-0primary00000000',
        reason: 'its copies in enis.json and instances.json disagree on Groups (the union is used)',
        file: 'instances.json',
      },
    ]);
    assert.deepEqual(load.network.networkInterfaces.get('eni-0primary00000000')?.groupIds, ['sg-0other00000000000', 'sg-0fedcba9876543210']);
  });

  test('a NACL whose entries and subnets differ, and a route table whose routes differ', async () => {
    const acl = naclWithEntry({ CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: { From: 80, To: 80 }, RuleAction: 'allow', RuleNumber: 110 }) as {
      NetworkAcls: Record<string, unknown>[];
    };
    const other = naclWithEntry({ CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: { From: 80, To: 80 }, RuleAction: 'deny', RuleNumber: 110 }) as {
      NetworkAcls: Record<string, unknown>[];
    };
    other.NetworkAcls[0]!.Associations = [{ SubnetId: 'subnet-0999999999999999' }];
    const table = (target: string): unknown => ({
      RouteTables: [
        {
          RouteTableId: 'rtb-0123',
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          Associations: [{ Main: true, AssociationState: { State: 'associated' } }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', GatewayId: target, Origin: 'CreateRoute', State: 'active' },
          ],
        },
      ],
    });
    const { notes } = await coverageOf({
      '1/acl.json': acl,
      '2/acl.json': other,
      '1/rtb.json': table('igw-0aaa'),
      '2/rtb.json': table('igw-0bbb'),
    });
    assert.deepEqual(
      notes.map((n) => `${n.resourceId}: ${n.reason}`),
      [
        "acl-0aaa1111bbbb2222c: its copies in 1/acl.json and 2/acl.json disagree on Entries (1/acl.json's is used), Associations (the union is used)",
        "rtb-0123: its copies in 1/rtb.json and 2/rtb.json disagree on Routes (1/rtb.json's is used)",
      ],
    );
  });
});
