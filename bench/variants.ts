// Variants of a generated estate whose shapes change what is kept per finding or per interface
// (README, Performance, "Other shapes"). Each rewrites a copy of the estate's region folder.
// Usage: node --import tsx bench/variants.ts VARIANT --from DIR --out DIR
//   wide           prefix lists +300 entries, CIDR rules +30 /32s, instance target groups up to 150 targets
//   own-groups     a security group of its own on every instance (tcp 9000 from its VPC, tcp 22 from one address)
//   peering-mesh   every VPC peered with its next --peers VPCs, `common` groups admitting all TCP from the peers'
//   segmented-tgw  (a --tgw-hub estate) every VPC attachment on a TGW route table of its own, without the
//                  routes to every seventh attachment
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

/** A raw AWS record, read and written as it is (the loader checks the result). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;

export const VARIANTS = ['wide', 'own-groups', 'peering-mesh', 'segmented-tgw'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantOptions {
  /** peering-mesh: how many following VPCs each VPC is peered with. */
  readonly peers?: number;
}

/** The generator's one region folder (bench/estate/write-estate.ts). */
function regionFolder(estate: string): string {
  return join(estate, '123456789012', 'us-east-1');
}

class Files {
  constructor(private readonly dir: string) {}

  read(file: string): Raw {
    return JSON.parse(readFileSync(join(this.dir, file), 'utf8'));
  }

  write(file: string, value: unknown): void {
    writeFileSync(join(this.dir, file), `${JSON.stringify(value, null, 4)}\n`);
  }

  list(folder: string): string[] {
    return readdirSync(join(this.dir, folder)).sort().map((name) => join(folder, name));
  }
}

/** A fixed sequence of numbers in [0, 1): the same variant gives the same bytes. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function permission(protocol: string, from: number, to: number, sources: { cidrs?: string[]; group?: Raw }): Raw {
  return {
    FromPort: from,
    IpProtocol: protocol,
    IpRanges: (sources.cidrs ?? []).map((c) => ({ CidrIp: c })),
    Ipv6Ranges: [],
    PrefixListIds: [],
    ToPort: to,
    UserIdGroupPairs: sources.group === undefined ? [] : [sources.group],
  };
}

function wide(files: Files): void {
  const next = sequence(7);
  const publicCidr = (length: 24 | 32): string => {
    const octet = (): number => Math.floor(next() * 256);
    return `${11 + Math.floor(next() * 150)}.${octet()}.${octet()}.${length === 32 ? octet() : 0}/${length}`;
  };
  for (const file of files.list('ec2-get-managed-prefix-list-entries')) {
    const list = files.read(file);
    for (let i = 0; i < 300; i++) list.Entries.push({ Cidr: publicCidr(i % 3 === 0 ? 32 : 24), Description: 'partner' });
    files.write(file, list);
  }
  const groups = files.read('ec2-describe-security-groups.json');
  for (const group of groups.SecurityGroups) {
    for (const p of group.IpPermissions) if (p.IpRanges.length > 0) for (let i = 0; i < 30; i++) p.IpRanges.push({ CidrIp: publicCidr(32) });
  }
  files.write('ec2-describe-security-groups.json', groups);
  const instancesByVpc = new Map<string, string[]>();
  for (const reservation of files.read('ec2-describe-instances.json').Reservations) {
    for (const instance of reservation.Instances) {
      const ids = instancesByVpc.get(instance.VpcId) ?? [];
      ids.push(instance.InstanceId);
      instancesByVpc.set(instance.VpcId, ids);
    }
  }
  const targetGroups = new Map<string, Raw>(files.read('elbv2-describe-target-groups.json').TargetGroups.map((g: Raw) => [g.TargetGroupArn, g]));
  for (const file of files.list('elbv2-describe-target-health')) {
    const health = files.read(file);
    const group = targetGroups.get(health.TargetGroupArn);
    if (group === undefined || group.TargetType !== 'instance') continue;
    health.TargetHealthDescriptions = (instancesByVpc.get(group.VpcId) ?? []).slice(0, 150).map((id) => ({
      Target: { Id: id, Port: group.Port },
      HealthCheckPort: String(group.Port),
      TargetHealth: { State: 'healthy' },
    }));
    files.write(file, health);
  }
}

function ownGroups(files: Files): void {
  const vpcCidrs = new Map<string, string>(files.read('ec2-describe-vpcs.json').Vpcs.map((v: Raw) => [v.VpcId, v.CidrBlock]));
  const groups = files.read('ec2-describe-security-groups.json');
  const instances = files.read('ec2-describe-instances.json');
  let n = 0;
  for (const reservation of instances.Reservations) {
    for (const instance of reservation.Instances) {
      const eni = instance.NetworkInterfaces?.[0];
      if (eni === undefined) continue;
      const id = `sg-0ee${(n++).toString(16).padStart(14, '0')}`;
      const name = `own-${instance.InstanceId}`;
      groups.SecurityGroups.push({
        Description: 'own',
        GroupName: name,
        IpPermissions: [permission('tcp', 9000, 9000, { cidrs: [vpcCidrs.get(instance.VpcId)!] }), permission('tcp', 22, 22, { cidrs: ['10.0.0.10/32'] })],
        OwnerId: '123456789012',
        GroupId: id,
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
        VpcId: instance.VpcId,
      });
      eni.Groups.push({ GroupName: name, GroupId: id });
      instance.SecurityGroups?.push({ GroupName: name, GroupId: id });
    }
  }
  files.write('ec2-describe-security-groups.json', groups);
  files.write('ec2-describe-instances.json', instances);
}

function peeringMesh(files: Files, peers: number): void {
  const vpcs = files.read('ec2-describe-vpcs.json').Vpcs;
  const peerings = files.read('ec2-describe-vpc-peering-connections.json');
  const tables = files.read('ec2-describe-route-tables.json');
  const groups = files.read('ec2-describe-security-groups.json');
  const common = new Map<string, Raw>(groups.SecurityGroups.filter((g: Raw) => g.GroupName === 'common').map((g: Raw) => [g.VpcId, g]));
  const info = (vpc: Raw): Raw => ({ CidrBlock: vpc.CidrBlock, CidrBlockSet: [{ CidrBlock: vpc.CidrBlock }], OwnerId: '123456789012', VpcId: vpc.VpcId, Region: 'us-east-1' });
  let n = 0;
  for (let i = 0; i < vpcs.length; i++) {
    for (let k = 1; k <= peers; k++) {
      const [a, b] = [vpcs[i], vpcs[(i + k) % vpcs.length]];
      if (a === b) continue;
      const id = `pcx-${(0xabc000 + n++).toString(16).padStart(17, '0')}`;
      peerings.VpcPeeringConnections.push({ AccepterVpcInfo: info(b), RequesterVpcInfo: info(a), Status: { Code: 'active', Message: 'Active' }, Tags: [], VpcPeeringConnectionId: id });
      for (const [own, peer] of [[a, b], [b, a]]) {
        for (const table of tables.RouteTables) {
          if (table.VpcId === own.VpcId) table.Routes.push({ DestinationCidrBlock: peer.CidrBlock, VpcPeeringConnectionId: id, Origin: 'CreateRoute', State: 'active' });
        }
        const [mine, theirs] = [common.get(own.VpcId), common.get(peer.VpcId)];
        if (mine !== undefined && theirs !== undefined) {
          mine.IpPermissions.push(permission('tcp', 0, 65535, { group: { GroupId: theirs.GroupId, UserId: '123456789012', VpcId: peer.VpcId, VpcPeeringConnectionId: id } }));
        }
      }
    }
  }
  files.write('ec2-describe-vpc-peering-connections.json', peerings);
  files.write('ec2-describe-route-tables.json', tables);
  files.write('ec2-describe-security-groups.json', groups);
}

function segmentedTgw(files: Files): void {
  const attachments = files.read('ec2-describe-transit-gateway-attachments.json');
  const tables = files.read('ec2-describe-transit-gateway-route-tables.json');
  const hub = tables.TransitGatewayRouteTables[0];
  if (hub === undefined) throw new Error('segmented-tgw needs an estate generated with --tgw-hub');
  const hubRoutes = files.read(join('ec2-search-transit-gateway-routes', `${hub.TransitGatewayRouteTableId}.json`)).Routes;
  const spokes = attachments.TransitGatewayAttachments.filter((a: Raw) => a.ResourceType === 'vpc');
  spokes.forEach((attachment: Raw, i: number) => {
    const id = `tgw-rtb-0a${i.toString(16).padStart(15, '0')}`;
    tables.TransitGatewayRouteTables.push({ ...hub, TransitGatewayRouteTableId: id, DefaultAssociationRouteTable: false, DefaultPropagationRouteTable: false });
    attachment.Association = { TransitGatewayRouteTableId: id, State: 'associated' };
    const apart = new Set(spokes.filter((_: Raw, j: number) => j !== i && (j - i + spokes.length) % 7 === 0).map((a: Raw) => a.TransitGatewayAttachmentId));
    const routes = hubRoutes.filter((r: Raw) => !(r.TransitGatewayAttachments ?? []).some((a: Raw) => apart.has(a.TransitGatewayAttachmentId)));
    files.write(join('ec2-search-transit-gateway-routes', `${id}.json`), { TransitGatewayRouteTableId: id, Routes: routes });
  });
  files.write('ec2-describe-transit-gateway-attachments.json', attachments);
  files.write('ec2-describe-transit-gateway-route-tables.json', tables);
}

/** Copies the estate at `from` to `out` (replaced) and rewrites it into the variant. */
export function writeVariant(variant: Variant, from: string, out: string, options: VariantOptions = {}): void {
  rmSync(out, { recursive: true, force: true });
  cpSync(from, out, { recursive: true });
  const files = new Files(regionFolder(out));
  if (variant === 'wide') wide(files);
  else if (variant === 'own-groups') ownGroups(files);
  else if (variant === 'peering-mesh') peeringMesh(files, options.peers ?? 1);
  else segmentedTgw(files);
}

function count(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

if (process.argv[1]?.endsWith('variants.ts')) {
  const program = new Command('variants')
    .description('rewrite a copy of a generated estate into a variant of another shape')
    .argument('<variant>', VARIANTS.join(' | '))
    .requiredOption('--from <dir>', 'an estate written by bench/generate.ts')
    .requiredOption('--out <dir>', 'folder to write (replaced)')
    .option('--peers <n>', 'peering-mesh: following VPCs each VPC is peered with', count, 1);
  program.parse();
  const variant = program.args[0] as Variant;
  if (!VARIANTS.includes(variant)) program.error(`variants: expected one of ${VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  const flags = program.opts<{ from: string; out: string; peers: number }>();
  writeVariant(variant, flags.from, flags.out, { peers: flags.peers });
}
