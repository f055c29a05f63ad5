// Builds a whole estate from a seed and writes it as one account's region folder, in the layout
// `netreach collect` writes: <account>/<region>/<call>.json and <call>/<parent>.json, plus
// manifest.json (written last, so a folder with a manifest is a finished estate).
import { join } from 'node:path';
import { parentFileName } from '../../src/collect/snapshot-writer.js';
import { PublicAddressPool, ipv4, vpcBase } from './addresses.js';
import { instanceRecord, planInstance, type InstancePlan } from './instances.js';
import { JsonListWriter, writeDocument, writeList } from './json-writer.js';
import { vpcLoadBalancers, type PerParentDocument } from './load-balancers.js';
import { SeededRandom } from './random.js';
import { vpcSecurityGroups } from './security-groups.js';
import type { EstateSize } from './sizes.js';
import { vpcNetwork, type VpcPlan } from './vpc-network.js';
import { transitGatewayHub } from './transit-gateway.js';

type Json = Record<string, unknown>;

export const OWNER = '123456789012';
export const REGION = 'us-east-1';
export const COLLECTED_AT = '2026-11-20T09:30:00Z';
/** Bumped whenever the generator's output changes, so kept estates of an older one are rewritten. */
export const GENERATOR_VERSION = 4;
const LAUNCH_TIME = '2026-09-14T08:00:00+00:00';
const S3_PREFIX_LIST = 'pl-63a5400a';
const PEERING_HUB_EVERY = 25;

/** What was written, for the benchmark's table. */
export interface EstateCounts {
  readonly instances: number;
  readonly vpcs: number;
  readonly subnets: number;
  readonly securityGroups: number;
  readonly securityGroupRuleEntries: number;
  readonly networkAcls: number;
  readonly loadBalancers: number;
  readonly targetGroups: number;
  readonly peeringConnections: number;
  readonly vpnGateways: number;
  /** Only in an estate with a transit gateway hub. */
  readonly transitGatewayAttachments?: number;
}

class Collected {
  readonly lists = new Map<string, { key: string; items: Json[] }>();
  readonly perParent = new Map<string, PerParentDocument[]>();

  add(file: string, key: string, items: readonly Json[]): void {
    let entry = this.lists.get(file);
    if (entry === undefined) this.lists.set(file, (entry = { key, items: [] }));
    for (const item of items) entry.items.push(item);
  }

  addDocuments(folder: string, docs: readonly PerParentDocument[]): void {
    let entry = this.perParent.get(folder);
    if (entry === undefined) this.perParent.set(folder, (entry = []));
    for (const doc of docs) entry.push(doc);
  }
}

function prefixLists(random: SeededRandom, vpcs: number, out: Collected): { corporate: string[]; monitoring: string[] } {
  const groups = Math.ceil(vpcs / PEERING_HUB_EVERY);
  const corporate: string[] = [];
  const monitoring: string[] = [];
  const lists: Json[] = [{ PrefixListId: S3_PREFIX_LIST, AddressFamily: 'IPv4', State: 'create-complete', PrefixListArn: `arn:aws:ec2:${REGION}:aws:prefix-list/${S3_PREFIX_LIST}`, PrefixListName: `com.amazonaws.${REGION}.s3`, OwnerId: 'AWS' }];
  const docs: PerParentDocument[] = [{ parent: S3_PREFIX_LIST, doc: { PrefixListId: S3_PREFIX_LIST, Entries: ['3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19', '52.216.0.0/15', '54.231.0.0/16'].map((Cidr) => ({ Cidr })) } }];
  for (let g = 0; g < groups; g++) {
    for (const [name, target, entries] of [
      ['corporate-offices', corporate, ['203.0.113.0/24', '198.51.100.128/25', '192.168.0.0/16', '172.16.0.0/12', `100.64.${g % 256}.0/24`]],
      ['monitoring', monitoring, ['10.200.0.0/16', `10.201.${g % 256}.0/24`]],
    ] as const) {
      const id = random.awsId('pl');
      target.push(id);
      lists.push({ PrefixListId: id, AddressFamily: 'IPv4', State: 'create-complete', PrefixListArn: `arn:aws:ec2:${REGION}:${OWNER}:prefix-list/${id}`, PrefixListName: `${name}-${g}`, MaxEntries: 20, Version: 3, Tags: [], OwnerId: OWNER });
      docs.push({ parent: id, doc: { PrefixListId: id, Entries: entries.map((Cidr) => ({ Cidr, Description: name })) } });
    }
  }
  out.add('ec2-describe-managed-prefix-lists', 'PrefixLists', lists);
  out.addDocuments('ec2-get-managed-prefix-list-entries', docs);
  return { corporate, monitoring };
}

/** Hub-and-spoke peering: the first VPC of every 25 peers with the other 24. */
function peeringPlan(random: SeededRandom, vpcs: number): { pcx: (string | null)[]; routes: { cidr: string; pcx: string }[][] } {
  const pcx = Array.from({ length: vpcs }, (_, v) => (v % PEERING_HUB_EVERY === 0 ? null : random.awsId('pcx')));
  const routes: { cidr: string; pcx: string }[][] = Array.from({ length: vpcs }, () => []);
  pcx.forEach((id, v) => {
    if (id === null) return;
    const hub = v - (v % PEERING_HUB_EVERY);
    routes[v].push({ cidr: `${ipv4(vpcBase(hub))}/18`, pcx: id });
    routes[hub].push({ cidr: `${ipv4(vpcBase(v))}/18`, pcx: id });
  });
  return { pcx, routes };
}

function peeringRecord(id: string, requester: VpcPlan, accepter: VpcPlan): Json {
  const info = (vpc: VpcPlan): Json => ({ CidrBlock: vpc.cidr, CidrBlockSet: [{ CidrBlock: vpc.cidr }], OwnerId: OWNER, PeeringOptions: { AllowDnsResolutionFromRemoteVpc: false }, VpcId: vpc.id, Region: REGION });
  return { AccepterVpcInfo: info(accepter), ExpirationTime: '2026-01-01T00:00:00+00:00', RequesterVpcInfo: info(requester), Status: { Code: 'active', Message: 'Active' }, Tags: [], VpcPeeringConnectionId: id };
}

/** Instances in reservations of one to four, as launches with a count make them. */
async function writeInstances(path: string, random: SeededRandom, instances: readonly InstancePlan[]): Promise<void> {
  const writer = new JsonListWriter(path, 'Reservations');
  for (let i = 0; i < instances.length; ) {
    const size = Math.min(random.int(1, 4), instances.length - i);
    const members = instances.slice(i, i + size);
    await writer.add({
      Groups: [],
      Instances: members.map((plan, launchIndex) => ({ ...instanceRecord(random, plan, OWNER, LAUNCH_TIME), AmiLaunchIndex: launchIndex })),
      OwnerId: OWNER,
      RequesterId: '940372691376',
      ReservationId: random.awsId('r'),
    });
    i += size;
  }
  await writer.close();
}

export async function writeEstate(dir: string, size: EstateSize, seed: number): Promise<EstateCounts> {
  const random = new SeededRandom(seed);
  const publicAddresses = new PublicAddressPool();
  const out = new Collected();
  const lists = prefixLists(random, size.vpcs, out);
  const peering = peeringPlan(random, size.vpcs);
  // The hub draws from a generator of its own: an estate without it is the same bytes as ever.
  const hubRandom = size.transitGatewayHub === true ? new SeededRandom(seed + 0x7467) : null;
  const transitGatewayId = hubRandom?.awsId('tgw') ?? null;
  const plans: VpcPlan[] = [];
  const instances: InstancePlan[] = [];
  let ruleEntries = 0;
  let groupCount = 0;
  let loadBalancers = 0;
  let targetGroups = 0;
  let vpnGateways = 0;
  for (let v = 0; v < size.vpcs; v++) {
    const { plan, records } = vpcNetwork({
      random, owner: OWNER, region: REGION, index: v, subnetCount: size.subnetsPerVpc, naclCount: size.naclsPerVpc,
      ipv6: v % (size.ipv6Every ?? 5) === 1 % (size.ipv6Every ?? 5), withVpn: v % 5 === 0, s3PrefixList: S3_PREFIX_LIST, publicAddresses, peerRoutes: peering.routes[v], transitGatewayId,
    });
    plans.push(plan);
    const hubGroup = Math.floor(v / PEERING_HUB_EVERY);
    const groups = vpcSecurityGroups({
      random, owner: OWNER, vpcId: plan.id, vpcCidr: plan.cidr, ipv6: plan.ipv6 !== null, corporatePrefixList: lists.corporate[hubGroup],
      monitoringPrefixList: lists.monitoring[hubGroup], groupCount: size.securityGroupsPerVpc, rulesPerGroup: size.rulesPerGroup, openBastion: v % 10 === 3,
      openForNetworkLoadBalancer: v % 4 === 2,
    });
    ruleEntries += groups.ruleEntries;
    groupCount += groups.records.length;
    const names = new Map(groups.records.map((g) => [g['GroupId'] as string, g['GroupName'] as string]));
    const count = Math.floor(size.instances / size.vpcs) + (v < size.instances % size.vpcs ? 1 : 0);
    const vpcInstances = Array.from({ length: count }, () => planInstance(random, plan, groups, names, publicAddresses));
    for (const instance of vpcInstances) instances.push(instance);
    const balancers = vpcLoadBalancers({ random, owner: OWNER, region: REGION, vpc: plan, groups, instances: vpcInstances, count: size.loadBalancersPerVpc });
    loadBalancers += balancers.loadBalancers.length + balancers.classicLoadBalancers.length;
    targetGroups += balancers.targetGroups.length;
    vpnGateways += records.vpnGateways.length;

    out.add('ec2-describe-vpcs', 'Vpcs', [records.vpc]);
    out.add('ec2-describe-subnets', 'Subnets', records.subnets);
    out.add('ec2-describe-route-tables', 'RouteTables', records.routeTables);
    out.add('ec2-describe-network-acls', 'NetworkAcls', records.networkAcls);
    out.add('ec2-describe-security-groups', 'SecurityGroups', groups.records);
    out.add('ec2-describe-internet-gateways', 'InternetGateways', records.internetGateways);
    out.add('ec2-describe-egress-only-internet-gateways', 'EgressOnlyInternetGateways', records.egressOnlyInternetGateways);
    out.add('ec2-describe-nat-gateways', 'NatGateways', records.natGateways);
    out.add('ec2-describe-addresses', 'Addresses', records.addresses);
    out.add('ec2-describe-vpn-gateways', 'VpnGateways', records.vpnGateways);
    out.add('ec2-describe-vpn-connections', 'VpnConnections', records.vpnConnections);
    out.add('ec2-describe-customer-gateways', 'CustomerGateways', records.customerGateways);
    out.add('ec2-describe-vpc-endpoints', 'VpcEndpoints', records.vpcEndpoints);
    out.add('elbv2-describe-load-balancers', 'LoadBalancers', balancers.loadBalancers);
    out.add('elb-describe-load-balancers', 'LoadBalancerDescriptions', balancers.classicLoadBalancers);
    out.add('elbv2-describe-target-groups', 'TargetGroups', balancers.targetGroups);
    out.addDocuments('elbv2-describe-listeners', balancers.listeners);
    out.addDocuments('elbv2-describe-rules', balancers.rules);
    out.addDocuments('elbv2-describe-target-health', balancers.targetHealth);
    out.addDocuments('elbv2-describe-target-group-attributes', balancers.targetGroupAttributes);
    out.addDocuments('elbv2-describe-load-balancer-attributes', balancers.loadBalancerAttributes);
  }
  const peerings: Json[] = [];
  peering.pcx.forEach((id, v) => {
    if (id !== null) peerings.push(peeringRecord(id, plans[v], plans[v - (v % PEERING_HUB_EVERY)]));
  });
  out.add('ec2-describe-vpc-peering-connections', 'VpcPeeringConnections', peerings);
  let transitGatewayAttachments: number | undefined;
  if (hubRandom !== null && transitGatewayId !== null) {
    const hub = transitGatewayHub(hubRandom, transitGatewayId, OWNER, plans, publicAddresses.take());
    out.add('ec2-describe-transit-gateways', 'TransitGateways', hub.transitGateways);
    out.add('ec2-describe-transit-gateway-route-tables', 'TransitGatewayRouteTables', hub.routeTables);
    out.add('ec2-describe-transit-gateway-attachments', 'TransitGatewayAttachments', hub.attachments);
    out.add('ec2-describe-transit-gateway-vpc-attachments', 'TransitGatewayVpcAttachments', hub.vpcAttachments);
    out.add('ec2-describe-vpn-connections', 'VpnConnections', hub.vpnConnections);
    out.add('ec2-describe-customer-gateways', 'CustomerGateways', hub.customerGateways);
    out.addDocuments('ec2-search-transit-gateway-routes', [hub.routes]);
    transitGatewayAttachments = hub.attachments.length;
  }

  const region = join(dir, OWNER, REGION);
  await writeInstances(join(region, 'ec2-describe-instances.json'), random, instances);
  for (const [file, { key, items }] of out.lists) await writeList(join(region, `${file}.json`), key, items);
  for (const [folder, docs] of out.perParent) {
    for (const { parent, doc } of docs) await writeDocument(join(region, folder, `${parentFileName(parent)}.json`), doc);
  }
  const counts: EstateCounts = {
    instances: instances.length,
    vpcs: plans.length,
    subnets: plans.reduce((n, p) => n + p.subnets.length, 0),
    securityGroups: groupCount,
    securityGroupRuleEntries: ruleEntries,
    networkAcls: size.naclsPerVpc * plans.length,
    loadBalancers,
    targetGroups,
    peeringConnections: peerings.length,
    vpnGateways,
    ...(transitGatewayAttachments === undefined ? {} : { transitGatewayAttachments }),
  };
  await writeDocument(join(dir, 'manifest.json'), { collectedAt: COLLECTED_AT, accounts: [OWNER], regions: [REGION], tool: 'netreach bench/generate', generatorVersion: GENERATOR_VERSION, seed, size, estate: counts });
  return counts;
}
