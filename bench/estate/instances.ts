// Instances: who sits where with which groups (decided up front, so load balancers can name
// their targets), and the full describe-instances record written later, one at a time. Real
// estates run many instances on few group sets; about 4% sit in public subnets with a public
// address (web servers, bastions and the odd team host).
import { dnsName, ipv4, publicDnsName, subnetIpv6Host, type PublicAddressPool } from './addresses.js';
import type { SeededRandom } from './random.js';
import type { VpcGroups } from './security-groups.js';
import type { SubnetPlan, Tier, VpcPlan } from './vpc-network.js';

type Json = Record<string, unknown>;

export type Role = 'web' | 'bastion' | 'team-public' | 'app' | 'team' | 'database' | 'cache';

export interface InstancePlan {
  readonly id: string;
  readonly role: Role;
  readonly vpc: VpcPlan;
  readonly subnet: SubnetPlan;
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly privateIp: string;
  readonly publicIp: string | null;
  readonly ipv6: string | null;
  readonly running: boolean;
}

const ROLES: readonly { role: Role; weight: number; tier: Tier }[] = [
  { role: 'web', weight: 20, tier: 'public' },
  { role: 'bastion', weight: 5, tier: 'public' },
  { role: 'team-public', weight: 15, tier: 'public' },
  { role: 'app', weight: 400, tier: 'private' },
  { role: 'team', weight: 400, tier: 'private' },
  { role: 'database', weight: 100, tier: 'data' },
  { role: 'cache', weight: 60, tier: 'data' },
];
const ROLE_WEIGHTS = ROLES.map((r) => r.weight);

/** Team instances crowd onto a few teams' groups (a Zipf-like 1/k share). */
function teamGroup(random: SeededRandom, teams: readonly string[]): string {
  const shares = teams.map((_, k) => Math.max(1, Math.round(1000 / (k + 1) ** 1.5)));
  return teams[random.weighted(shares)];
}

export function planInstance(random: SeededRandom, vpc: VpcPlan, groups: VpcGroups, names: ReadonlyMap<string, string>, publicAddresses: PublicAddressPool): InstancePlan {
  const { role, tier } = ROLES[random.weighted(ROLE_WEIGHTS)];
  const candidates = vpc.subnets.filter((s) => s.tier === tier);
  const subnet = random.pick(candidates.length > 0 ? candidates : vpc.subnets);
  const ids: readonly string[] =
    role === 'web' ? [groups.web, groups.common]
    : role === 'bastion' ? [groups.bastion]
    : role === 'app' ? [groups.app, groups.common]
    : role === 'database' ? [groups.database, groups.common]
    : role === 'cache' ? [groups.cache, groups.common]
    : [teamGroup(random, groups.teams), groups.common];
  const host = subnet.nextHost++;
  return {
    id: random.awsId('i'),
    role,
    vpc,
    subnet,
    groups: ids.map((id) => ({ id, name: names.get(id) ?? id })),
    privateIp: ipv4(subnet.base + (host % 1000)),
    publicIp: subnet.tier === 'public' ? publicAddresses.take() : null,
    ipv6: subnet.ipv6 && random.chance(0.5) ? subnetIpv6Host(vpc.index, subnet.index, host) : null,
    running: random.chance(0.93),
  };
}

const TYPES = ['t3.micro', 't3.medium', 'm5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 'm6i.large', 'c6g.xlarge'];
const IMAGES = ['ami-0c7217cdde317cfec', 'ami-0fc5d935ebf8bc3bc', 'ami-06aa3f7caf3a30282', 'ami-0230bd60aa48260c6'];

/** The describe-instances record (about 60 fields, as the AWS CLI prints them). */
export function instanceRecord(random: SeededRandom, plan: InstancePlan, owner: string, launchTime: string): Json {
  const eni = random.awsId('eni');
  const mac = Array.from({ length: 6 }, () => random.hex(2)).join(':');
  const privateDns = dnsName(plan.privateIp);
  const association = plan.publicIp === null ? null : { IpOwnerId: 'amazon', PublicDnsName: publicDnsName(plan.publicIp), PublicIp: plan.publicIp };
  const groups = plan.groups.map((g) => ({ GroupName: g.name, GroupId: g.id }));
  const volumes = Array.from({ length: random.int(1, 3) }, (_, i) => ({
    DeviceName: i === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + i)}`,
    Ebs: { AttachTime: launchTime, DeleteOnTermination: i === 0, Status: 'attached', VolumeId: random.awsId('vol') },
  }));
  const instanceType = random.pick(TYPES);
  return {
    AmiLaunchIndex: 0,
    ImageId: random.pick(IMAGES),
    InstanceId: plan.id,
    InstanceType: instanceType,
    KeyName: `${plan.role}-key`,
    LaunchTime: launchTime,
    Monitoring: { State: random.chance(0.3) ? 'enabled' : 'disabled' },
    Placement: { AvailabilityZone: plan.subnet.zone, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: privateDns,
    PrivateIpAddress: plan.privateIp,
    ProductCodes: [],
    PublicDnsName: association?.PublicDnsName ?? '',
    ...(plan.publicIp === null ? {} : { PublicIpAddress: plan.publicIp }),
    State: plan.running ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' },
    StateTransitionReason: plan.running ? '' : 'User initiated (2026-10-02 08:15:00 GMT)',
    SubnetId: plan.subnet.id,
    VpcId: plan.vpc.id,
    Architecture: instanceType.startsWith('c6g') ? 'arm64' : 'x86_64',
    BlockDeviceMappings: volumes,
    ClientToken: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`,
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: 'xen',
    IamInstanceProfile: { Arn: `arn:aws:iam::${owner}:instance-profile/${plan.role}-profile`, Id: `AIPA${random.hex(17).toUpperCase()}` },
    NetworkInterfaces: [
      {
        ...(association === null ? {} : { Association: association }),
        Attachment: { AttachTime: launchTime, AttachmentId: random.awsId('eni-attach'), DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached', NetworkCardIndex: 0 },
        Description: '',
        Groups: groups,
        Ipv6Addresses: plan.ipv6 === null ? [] : [{ Ipv6Address: plan.ipv6, IsPrimaryIpv6: false }],
        MacAddress: mac,
        NetworkInterfaceId: eni,
        OwnerId: owner,
        PrivateDnsName: privateDns,
        PrivateIpAddress: plan.privateIp,
        PrivateIpAddresses: [{ ...(association === null ? {} : { Association: association }), Primary: true, PrivateDnsName: privateDns, PrivateIpAddress: plan.privateIp }],
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: plan.subnet.id,
        VpcId: plan.vpc.id,
        InterfaceType: 'interface',
      },
    ],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: groups,
    SourceDestCheck: true,
    Tags: [
      { Key: 'Name', Value: `${plan.role}-${plan.id.slice(-6)}` },
      { Key: 'team', Value: `team-${random.int(0, 11)}` },
      { Key: 'environment', Value: 'production' },
      { Key: 'cost-center', Value: `cc-${random.int(1000, 9999)}` },
      { Key: 'aws:autoscaling:groupName', Value: `${plan.role}-asg-${plan.vpc.index}` },
    ],
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: random.pick([1, 2, 4]), ThreadsPerCore: 2 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: { State: 'applied', HttpTokens: random.chance(0.7) ? 'required' : 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    EnclaveOptions: { Enabled: false },
    BootMode: 'uefi-preferred',
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: launchTime,
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: 'legacy-bios',
    NetworkPerformanceOptions: { BandwidthWeighting: 'default' },
    Operator: { Managed: false },
  };
}
