// Security groups of one VPC, shaped like real ones: a few role groups that reference each other
// (load balancer → web → app → database), a common group every instance carries, and many team
// groups with a dozen or more entries from corporate ranges, prefix lists and other groups.
// About one team group in twenty has one port open to the world, as audits keep finding.
import type { SeededRandom } from './random.js';

type Json = Record<string, unknown>;

export interface GroupSource {
  readonly cidrs?: readonly string[];
  readonly ipv6Cidrs?: readonly string[];
  readonly groups?: readonly string[];
  readonly prefixLists?: readonly string[];
}

export interface VpcGroups {
  readonly loadBalancer: string;
  readonly web: string;
  readonly bastion: string;
  readonly app: string;
  readonly database: string;
  readonly cache: string;
  readonly common: string;
  readonly teams: readonly string[];
  /** Every group of the VPC with its describe-security-groups record. */
  readonly records: readonly Json[];
  /** Rule entries: one source of one permission. */
  readonly ruleEntries: number;
}

export interface GroupContext {
  readonly random: SeededRandom;
  readonly owner: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly ipv6: boolean;
  readonly corporatePrefixList: string;
  readonly monitoringPrefixList: string;
  readonly groupCount: number;
  readonly rulesPerGroup: number;
  /** One VPC in ten has a bastion open to the world on 22 (the High finding). */
  readonly openBastion: boolean;
  readonly openForNetworkLoadBalancer: boolean;
}

const TEAM_PORTS = [22, 80, 443, 3000, 3389, 5000, 5432, 5601, 6379, 8000, 8080, 8081, 8443, 8888, 9000, 9090, 9200, 9300, 11211, 27017];
const CORPORATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '192.168.10.0/24', '172.20.0.0/16', '203.0.113.0/24', '198.51.100.64/26'];

function permission(owner: string, protocol: string, from: number, to: number, source: GroupSource): Json {
  return {
    ...(protocol === '-1' ? {} : { FromPort: from }),
    IpProtocol: protocol,
    IpRanges: (source.cidrs ?? []).map((c) => ({ CidrIp: c })),
    Ipv6Ranges: (source.ipv6Cidrs ?? []).map((c) => ({ CidrIpv6: c })),
    PrefixListIds: (source.prefixLists ?? []).map((p) => ({ PrefixListId: p })),
    ...(protocol === '-1' ? {} : { ToPort: to }),
    UserIdGroupPairs: (source.groups ?? []).map((g) => ({ GroupId: g, UserId: owner })),
  };
}

function entries(p: Json): number {
  return ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs'].reduce((n, key) => n + (p[key] as unknown[]).length, 0);
}

export function vpcSecurityGroups(ctx: GroupContext): VpcGroups {
  const { random, owner } = ctx;
  const ids = Array.from({ length: Math.max(8, ctx.groupCount) }, () => random.awsId('sg'));
  const [loadBalancer, web, bastion, app, database, cache, common, ...teams] = ids;
  const world: GroupSource = { cidrs: ['0.0.0.0/0'], ...(ctx.ipv6 ? { ipv6Cidrs: ['::/0'] } : {}) };
  const tcp = (from: number, source: GroupSource, to = from): Json => permission(owner, 'tcp', from, to, source);
  const egressAll = [permission(owner, '-1', 0, 0, world)];
  const ingressOf = new Map<string, Json[]>([
    [loadBalancer, [tcp(80, world), tcp(443, world)]],
    [web, [tcp(80, { groups: [loadBalancer] }), tcp(443, { ...world, groups: [loadBalancer] })]],
    [bastion, [tcp(22, ctx.openBastion ? { cidrs: ['0.0.0.0/0'] } : { cidrs: ['203.0.113.0/24'], prefixLists: [ctx.corporatePrefixList] })]],
    // A network load balancer keeps the client's address, so the group behind one must admit
    // the clients themselves: one VPC in four opens 8443 to the world for its NLB.
    [app, [tcp(8080, { groups: [loadBalancer, web] }), tcp(8443, ctx.openForNetworkLoadBalancer ? world : { groups: [loadBalancer], cidrs: [ctx.vpcCidr] })]],
    [database, [tcp(5432, { groups: [app] }), tcp(3306, { groups: [app, bastion] })]],
    [cache, [tcp(6379, { groups: [app] }), tcp(11211, { groups: [app] })]],
    [
      common,
      [
        tcp(22, { groups: [bastion] }),
        tcp(9100, { prefixLists: [ctx.monitoringPrefixList] }),
        permission(owner, 'icmp', -1, -1, { cidrs: ['10.0.0.0/8'] }),
        permission(owner, 'udp', 161, 161, { cidrs: ['10.200.0.0/16'] }),
      ],
    ],
  ]);
  let ruleEntries = 0;
  const records: Json[] = [];
  const names = ['elb', 'web', 'bastion', 'app', 'database', 'cache', 'common'];
  ids.forEach((id, index) => {
    const ingress = ingressOf.get(id) ?? teamIngress(ctx, id, ids, tcp);
    ruleEntries += [...ingress, ...egressAll].reduce((n, p) => n + entries(p), 0);
    const name = index < names.length ? names[index] : `team-${index - names.length}-${random.hex(4)}`;
    records.push({
      Description: `${name} security group`,
      GroupName: name,
      IpPermissions: ingress,
      OwnerId: owner,
      GroupId: id,
      IpPermissionsEgress: egressAll,
      Tags: [{ Key: 'Name', Value: name }, { Key: 'team', Value: `team-${index % 12}` }],
      VpcId: ctx.vpcId,
    });
  });
  return { loadBalancer, web, bastion, app, database, cache, common, teams, records, ruleEntries };
}

/** A team group: permissions until it holds about rulesPerGroup entries (egress counts 1-2). */
function teamIngress(ctx: GroupContext, self: string, all: readonly string[], tcp: (from: number, source: GroupSource, to?: number) => Json): Json[] {
  const { random } = ctx;
  const target = Math.max(2, ctx.rulesPerGroup - (ctx.ipv6 ? 2 : 1) + random.int(-4, 4));
  const out: Json[] = [];
  let count = 0;
  if (random.chance(0.05)) {
    out.push(tcp(random.pick(TEAM_PORTS), { cidrs: ['0.0.0.0/0'] }));
    count++;
  }
  while (count < target) {
    const port = random.pick(TEAM_PORTS);
    const kind = random.int(0, 9);
    const source: GroupSource =
      kind < 5
        ? { cidrs: Array.from({ length: random.int(1, 3) }, () => random.pick(CORPORATE_CIDRS)).filter((c, i, list) => list.indexOf(c) === i) }
        : kind < 8
          ? { groups: [random.pick(all.filter((g) => g !== self))] }
          : { prefixLists: [random.chance(0.5) ? ctx.corporatePrefixList : ctx.monitoringPrefixList] };
    const p = random.chance(0.15) ? tcp(port, source, port + random.int(1, 100)) : tcp(port, source);
    out.push(p);
    count += entries(p);
  }
  return out;
}
