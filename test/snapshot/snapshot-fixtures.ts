// Small realistic snapshot folders written into temp dirs, and the conformance data's location.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** ../shared/conformance/batfish relative to the project root, read in place. */
export const CONFORMANCE_DIR = path.resolve(here, '..', '..', '..', 'shared', 'conformance', 'batfish');

export function conformanceSnapshot(scenario: string): string {
  return path.join(CONFORMANCE_DIR, scenario, 'aws_configs');
}

const made: string[] = [];

/** Writes `files` (path → JSON value, or raw text for a string) into a new temp folder. */
export async function writeSnapshot(files: Readonly<Record<string, unknown>>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netreach-snapshot-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export async function removeSnapshots(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export const VPC = {
  Vpcs: [
    {
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      OwnerId: '111122223333',
      CidrBlock: '10.0.0.0/16',
      CidrBlockAssociationSet: [
        { AssociationId: 'vpc-cidr-assoc-1', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
        { AssociationId: 'vpc-cidr-assoc-2', CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'associated' } },
        { AssociationId: 'vpc-cidr-assoc-3', CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociated' } },
      ],
      Ipv6CidrBlockAssociationSet: [
        { Ipv6CidrBlock: '2600:1f18:abcd:1200::/56', Ipv6CidrBlockState: { State: 'associated' } },
      ],
      State: 'available',
      IsDefault: false,
    },
  ],
};

export const SUBNET = {
  Subnets: [
    {
      SubnetId: 'subnet-0123456789abcdef0',
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      CidrBlock: '10.0.1.0/24',
      AvailabilityZone: 'eu-west-2a',
      AvailabilityZoneId: 'euw2-az2',
      Ipv6CidrBlockAssociationSet: [],
      MapPublicIpOnLaunch: true,
    },
  ],
};

export function naclWithEntry(entry: Readonly<Record<string, unknown>>): unknown {
  return {
    NetworkAcls: [
      {
        NetworkAclId: 'acl-0aaa1111bbbb2222c',
        VpcId: 'vpc-0a1b2c3d4e5f60718',
        IsDefault: false,
        Associations: [{ NetworkAclAssociationId: 'aclassoc-1', NetworkAclId: 'acl-0aaa1111bbbb2222c', SubnetId: 'subnet-0123456789abcdef0' }],
        Entries: [
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: { From: 22, To: 22 }, RuleAction: 'allow', RuleNumber: 100 },
          { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
          entry,
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
        ],
      },
    ],
  };
}

export function securityGroup(permission: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    GroupId: 'sg-0fedcba9876543210',
    GroupName: 'web',
    Description: 'web servers',
    OwnerId: '111122223333',
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    IpPermissions: [permission],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
  };
}
