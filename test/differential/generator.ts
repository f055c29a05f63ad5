// A seeded random estate generator: raw AWS describe-* JSON with everything SPEC §2–4 covers,
// with addresses and ports drawn from small pools so that routes, NACL entries and group rules
// overlap at different prefix lengths and meet at nearby boundaries.
import { cidrRange, formatIpRef, parseIpv4, parseIpv6 } from './reference.js';

type Json = Record<string, unknown>;

export const OWNER = '123456789012';
const ARN = `arn:aws:elasticloadbalancing:us-east-1:${OWNER}`;
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export interface GeneratedEstate {
  readonly seed: number;
  /** File name (without .json) → document, as `aws … > name.json` writes it. */
  readonly files: Readonly<Record<string, unknown>>;
  readonly options: { readonly ephemeralPorts: readonly [number, number]; readonly onpremCidrs: readonly string[] | null };
  /** One line per notable feature, for replay messages. */
  readonly summary: string;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed * 2654435761 + 12345);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
  subset<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const count = Math.min(pool.length, this.int(min, max));
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

// ------------------------------------------------------------------------------ pools

/** Ports where rules of different kinds meet: well-known services, the ephemeral edges, the ends. */
const PORTS = [0, 1, 21, 22, 23, 25, 53, 79, 80, 81, 443, 444, 1023, 1024, 1025, 2000, 3389, 5432, 8080, 8443, 32767, 32768, 49152, 60999, 61000, 65534, 65535];
const EPHEMERAL_EDGES = [0, 1023, 1024, 1025, 2000, 32767, 32768, 49151, 49152, 60999, 61000, 65534, 65535];
const SERVICE_PORTS = [22, 53, 80, 443, 1024, 3389, 5432, 8080, 8443, 65535];
const RULE_NUMBERS = [1, 5, 10, 20, 50, 90, 100, 101, 110, 120, 150, 200, 300, 1000, 32766];

/** Anchors near RFC1918 edges, the VPC pools and public ranges. */
const V4_ANCHORS = [
  '0.0.0.0', '9.255.255.0', '10.0.0.0', '10.0.1.0', '10.0.2.0', '10.0.128.0', '10.1.0.0', '10.1.2.0', '10.2.0.0', '10.50.0.0', '10.255.255.0',
  '11.0.0.0', '100.64.0.0', '100.64.1.0', '172.15.255.0', '172.16.0.0', '172.20.0.0', '172.31.0.0', '172.31.1.0', '172.32.0.0',
  '192.167.255.0', '192.168.0.0', '192.168.1.0', '192.168.128.0', '198.51.100.0', '203.0.113.0', '203.0.113.128', '52.94.0.0', '54.0.0.0', '128.0.0.0',
];
const V4_PREFIXES: readonly (readonly [number, number])[] = [
  [0, 2], [1, 1], [4, 1], [7, 1], [8, 4], [9, 1], [12, 2], [15, 1], [16, 5], [17, 2], [20, 3], [23, 2], [24, 6], [25, 3], [26, 2], [28, 3], [30, 1], [31, 1], [32, 3],
];
const V6_POOL = [
  '::/0', '::/1', '8000::/1', '2000::/3', '2001:db8::/32', '2001:db8::/48', '2001:db8:0:1::/64', '2001:db8::1/128', '2600::/12', '2600:1f18::/32',
  '2600:1f18:ab::/48', '2600:1f18:ab:100::/56', '2600:1f18:ab:101::/64', '2600:1f18:ab:200::/56', '2600:1f18:ab:201::/64', '2600:1f18:ab:100::8/125',
];
const VPC_CIDRS = ['10.0.0.0/16', '10.1.0.0/16', '10.0.0.0/16', '172.31.0.0/16', '192.168.0.0/20', '100.64.0.0/16', '10.0.128.0/17', '172.16.0.0/16'];
const SECONDARY_CIDRS = ['100.64.0.0/20', '10.2.0.0/16', '172.16.0.0/20', '192.168.128.0/24'];
const EXTERNAL_PEER_CIDRS = ['10.50.0.0/16', '172.20.0.0/16', '192.168.128.0/24', '203.0.113.0/25'];

function overlaps(a: string, b: string): boolean {
  const ra = cidrRange(a)!;
  const rb = cidrRange(b)!;
  return ra.family === rb.family && ra.start <= rb.end && rb.start <= ra.end;
}

function v4Cidr(start: number, prefixLength: number): string {
  const size = 2 ** (32 - prefixLength);
  return `${formatIpRef(start - (start % size))}/${prefixLength}`;
}

// ------------------------------------------------------------------------------ estate parts

interface GenSubnet {
  readonly id: string;
  readonly vpc: GenVpc;
  readonly cidr: string;
  readonly az: string;
  readonly ipv6: string | null;
  readonly used: Set<number>;
}

interface GenEni {
  readonly id: string;
  readonly subnet: GenSubnet;
  readonly ips: string[];
  readonly instanceId: string | null;
  readonly running: boolean;
  readonly groups: readonly string[];
}

type Transport = 'tcp' | 'udp';

/** What a load balancer listens on and forwards to, for opening paths through it. */
interface LbPlan {
  readonly listeners: { port: number; protocol: Transport; targetPort: number }[];
  readonly targets: { eni: GenEni; port: number; protocol: Transport }[];
}

interface GenVpc {
  readonly id: string;
  readonly index: number;
  readonly cidrs: string[];
  readonly ipv6: string | null;
  readonly subnets: GenSubnet[];
  readonly groups: string[];
  igw: string | null;
  vgw: string | null;
  nat: string | null;
  eigw: string | null;
  tgwAttachment: string | null;
  readonly pcxs: { id: string; peerCidrs: string[] }[];
  readonly enis: GenEni[];
  readonly instances: { id: string; running: boolean; primary: GenEni }[];
}

class EstateGenerator {
  private readonly rng: Rng;
  private seq = 0;
  private readonly lists: Record<string, Json[]> = {};
  private readonly documents: Record<string, unknown> = {};
  private readonly vpcs: GenVpc[] = [];
  private readonly notes: string[] = [];
  private readonly prefixLists: { id: string; family: 4 | 6 }[] = [];
  private readonly prefixListEntries = new Map<string, string[]>();
  private readonly allGroups: string[] = [];
  /** Permissions added to groups so that load-balancer paths open often enough to matter. */
  private readonly extraPermissions = new Map<string, Json[]>();
  private readonly extraIgws: string[] = [];
  private tgw: string | null = null;
  /** Subnets where load-balancer nodes sit. */
  private readonly lbSubnets = new Set<string>();
  private publicIpSeq = 0;

  constructor(private readonly seed: number) {
    this.rng = new Rng(seed);
  }

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}-0${(this.seed % 0xffff).toString(16).padStart(4, '0')}${this.seq.toString(16).padStart(12, '0')}`;
  }

  private add(key: string, item: Json): void {
    (this.lists[key] ??= []).push(item);
  }

  private v4FromPool(): string {
    const r = this.rng;
    const roll = r.float();
    if (roll < 0.12 && this.vpcs.length > 0) {
      const vpc = r.pick(this.vpcs);
      return r.chance(0.5) || vpc.subnets.length === 0 ? r.pick(vpc.cidrs) : r.pick(vpc.subnets).cidr;
    }
    const anchor = parseIpv4(r.pick(V4_ANCHORS))!;
    const prefix = r.weighted(V4_PREFIXES.map(([p, w]) => [p, w] as const));
    const jitter = r.chance(0.4) ? r.pick([1, 4, 5, 16, 64, 127, 128, 255, 256, 300]) : 0;
    return v4Cidr(Math.min(anchor + jitter, 2 ** 32 - 1), prefix);
  }

  private v6FromPool(vpc: GenVpc | null): string {
    if (vpc?.ipv6 != null && this.rng.chance(0.25)) {
      const own = [vpc.ipv6, ...vpc.subnets.flatMap((s) => (s.ipv6 === null ? [] : [s.ipv6]))];
      return this.rng.pick(own);
    }
    return this.rng.pick(V6_POOL);
  }

  private portRange(): [number, number] {
    const r = this.rng;
    const roll = r.float();
    if (roll < 0.15) return [0, 65535];
    if (roll < 0.35) {
      const p = r.pick(PORTS);
      return [p, p];
    }
    const a = r.pick(PORTS);
    const b = r.pick(PORTS);
    return [Math.min(a, b), Math.max(a, b)];
  }

  // ---------------------------------------------------------------- VPCs, subnets, gateways

  private makeVpcs(): void {
    const r = this.rng;
    const count = r.int(2, 3);
    for (let index = 0; index < count; index++) {
      // Sometimes a VPC repeats an earlier one's layout (not peerable): the same private addresses exist twice.
      const clone = index > 0 && r.chance(0.12) ? this.vpcs[0]! : null;
      const primary = clone !== null ? clone.cidrs[0]! : r.pick(VPC_CIDRS);
      const cidrs = [primary];
      if (r.chance(0.25)) {
        const secondary = r.pick(SECONDARY_CIDRS);
        if (!overlaps(secondary, primary)) cidrs.push(secondary);
      }
      const ipv6 = r.chance(0.6) ? `2600:1f18:ab:${(index + 1).toString(16)}00::/56` : null;
      const vpc: GenVpc = {
        id: this.id('vpc'), index, cidrs, ipv6, subnets: [], groups: [], igw: null, vgw: null, nat: null, eigw: null,
        tgwAttachment: null, pcxs: [], enis: [], instances: [],
      };
      this.vpcs.push(vpc);
      this.add('Vpcs', {
        VpcId: vpc.id,
        OwnerId: OWNER,
        CidrBlock: primary,
        State: 'available',
        CidrBlockAssociationSet: cidrs.map((c, i) => ({ AssociationId: `vpc-cidr-assoc-${index}-${i}`, CidrBlock: c, CidrBlockState: { State: 'associated' } })),
        ...(ipv6 === null ? {} : { Ipv6CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${index}-6`, Ipv6CidrBlock: ipv6, Ipv6CidrBlockState: { State: 'associated' } }] }),
      });
      if (clone !== null) {
        this.notes.push(`clone-of=${clone.id}`);
        this.cloneSubnets(vpc, clone);
      } else this.makeSubnets(vpc);
    }
  }

  private cloneSubnets(vpc: GenVpc, of: GenVpc): void {
    for (const original of of.subnets) {
      if (!vpc.cidrs.some((c) => overlaps(c, original.cidr))) continue;
      const subnet: GenSubnet = { id: this.id('subnet'), vpc, cidr: original.cidr, az: original.az, ipv6: null, used: new Set([0, 1, 2, 3]) };
      vpc.subnets.push(subnet);
      this.add('Subnets', { SubnetId: subnet.id, VpcId: vpc.id, CidrBlock: subnet.cidr, AvailabilityZone: subnet.az, State: 'available', OwnerId: OWNER });
    }
  }

  private makeSubnets(vpc: GenVpc): void {
    const r = this.rng;
    const count = r.int(2, 4);
    const taken: string[] = [];
    for (let i = 0; i < count * 3 && vpc.subnets.length < count; i++) {
      const block = r.chance(0.8) || vpc.cidrs.length === 1 ? vpc.cidrs[0]! : vpc.cidrs[1]!;
      const range = cidrRange(block)!;
      const blocks = Math.max(1, (range.end as number) - (range.start as number) + 1) / 256;
      const k = r.pick([0, 1, 2, 3, 4, 10, 64, 127, 128, 255].filter((n) => n < blocks));
      const prefix = r.weighted([[24, 6], [25, 1], [26, 2], [28, 2]] as const);
      const start = (range.start as number) + k * 256 + (prefix > 24 && r.chance(0.3) ? 128 : 0);
      const cidr = v4Cidr(start, prefix);
      if (taken.some((t) => overlaps(t, cidr))) continue;
      taken.push(cidr);
      const ipv6 = vpc.ipv6 !== null && r.chance(0.8) ? `2600:1f18:ab:${((vpc.index + 1) * 256 + vpc.subnets.length).toString(16)}::/64` : null;
      const subnet: GenSubnet = { id: this.id('subnet'), vpc, cidr, az: r.pick(AZS), ipv6, used: new Set([0, 1, 2, 3]) };
      vpc.subnets.push(subnet);
      this.add('Subnets', {
        SubnetId: subnet.id,
        VpcId: vpc.id,
        CidrBlock: cidr,
        AvailabilityZone: subnet.az,
        State: 'available',
        OwnerId: OWNER,
        ...(ipv6 === null ? {} : { Ipv6CidrBlockAssociationSet: [{ AssociationId: `subnet-cidr-assoc-${subnet.id}`, Ipv6CidrBlock: ipv6, Ipv6CidrBlockState: { State: 'associated' } }] }),
      });
    }
  }

  /** A free host address in the subnet, preferring the given offsets. */
  private address(subnet: GenSubnet, preferred: readonly number[]): string | null {
    const range = cidrRange(subnet.cidr)!;
    const size = (range.end as number) - (range.start as number) + 1;
    const free = preferred.filter((o) => o < size - 1 && !subnet.used.has(o));
    let offset: number | undefined = free.length > 0 ? this.rng.pick(free) : undefined;
    if (offset === undefined) {
      for (let o = 4; o < size - 1; o++) if (!subnet.used.has(o)) offset = o;
    }
    if (offset === undefined) return null;
    subnet.used.add(offset);
    return formatIpRef((range.start as number) + offset);
  }

  private makeGateways(): void {
    const r = this.rng;
    for (const vpc of this.vpcs) {
      if (r.chance(0.75)) {
        vpc.igw = this.id('igw');
        this.add('InternetGateways', { InternetGatewayId: vpc.igw, OwnerId: OWNER, Attachments: [{ State: 'available', VpcId: vpc.id }] });
      }
      if (r.chance(0.55)) {
        vpc.vgw = this.id('vgw');
        const state = r.chance(0.9) ? 'available' : 'pending';
        this.add('VpnGateways', { VpnGatewayId: vpc.vgw, State: state, Type: 'ipsec.1', VpcAttachments: [{ State: r.chance(0.92) ? 'attached' : 'detached', VpcId: vpc.id }] });
      }
      if (r.chance(0.35) && vpc.subnets.length > 0) {
        vpc.nat = this.id('nat');
        this.add('NatGateways', { NatGatewayId: vpc.nat, VpcId: vpc.id, SubnetId: vpc.subnets[0]!.id, State: 'available', NatGatewayAddresses: [] });
      }
      if (vpc.ipv6 !== null && r.chance(0.5)) {
        vpc.eigw = this.id('eigw');
        this.add('EgressOnlyInternetGateways', { EgressOnlyInternetGatewayId: vpc.eigw, Attachments: [{ State: 'attached', VpcId: vpc.id }] });
      }
    }
    if (r.chance(0.2)) {
      const igw = this.id('igw');
      this.extraIgws.push(igw);
      this.add('InternetGateways', { InternetGatewayId: igw, OwnerId: OWNER, Attachments: [] });
    }
    // How the VGWs are connected: no data at all (assumed connected), VPN connections, or Direct Connect.
    const vgws = this.vpcs.flatMap((v) => (v.vgw === null ? [] : [v.vgw]));
    const mode = r.weighted([['none', 3], ['vpn', 5], ['dx', 2], ['dx-gateways-only', 1]] as const);
    this.notes.push(`vgw-data=${mode}`);
    if (mode === 'vpn') {
      this.lists['VpnConnections'] ??= [];
      for (const vgw of vgws) {
        for (let i = r.int(0, 2); i > 0; i--) {
          const state = r.weighted([['available', 5], ['pending', 1], ['deleted', 1], ['deleting', 1]] as const);
          this.add('VpnConnections', { VpnConnectionId: this.id('vpn'), VpnGatewayId: vgw, CustomerGatewayId: this.id('cgw'), State: state, Type: 'ipsec.1' });
        }
      }
    } else if (mode === 'dx-gateways-only') {
      // Direct Connect data that names no virtual interface or association: no VGW is connected.
      this.add('directConnectGateways', { directConnectGatewayId: this.id('dxgw'), directConnectGatewayName: 'dx', directConnectGatewayState: 'available', amazonSideAsn: 64512 });
    } else if (mode === 'dx') {
      const dxgw = this.id('dxgw');
      this.lists['virtualInterfaces'] ??= [];
      for (const vgw of vgws) {
        if (r.chance(0.5)) {
          this.add('virtualInterfaces', { virtualInterfaceId: this.id('dxvif'), virtualInterfaceState: r.pick(['available', 'down', 'deleted']), virtualGatewayId: vgw });
        } else if (r.chance(0.6)) {
          this.add('directConnectGatewayAssociations', {
            directConnectGatewayId: dxgw,
            associationState: r.pick(['associated', 'disassociated']),
            associatedGateway: { id: vgw, type: 'virtualPrivateGateway' },
          });
        }
      }
    }
  }

  private makePeerings(): void {
    const r = this.rng;
    // A side may list all its CIDRs, only the primary, or (as some collectors do) none: then the VPC record has them.
    const sideOf = (vpc: GenVpc) => {
      const roll = r.float();
      const listed = roll < 0.75 ? vpc.cidrs : roll < 0.9 ? [vpc.cidrs[0]!] : [];
      return {
        VpcId: vpc.id,
        OwnerId: OWNER,
        Region: 'us-east-1',
        ...(listed.length > 0 ? { CidrBlock: listed[0] } : {}),
        CidrBlockSet: listed.map((c) => ({ CidrBlock: c })),
      };
    };
    for (let i = 0; i < this.vpcs.length; i++) {
      for (let j = i + 1; j < this.vpcs.length; j++) {
        const a = this.vpcs[i]!;
        const b = this.vpcs[j]!;
        if (!r.chance(0.65) || a.cidrs.some((x) => b.cidrs.some((y) => overlaps(x, y)))) continue;
        const id = this.id('pcx');
        const status = r.weighted([['active', 6], ['pending-acceptance', 1], ['deleted', 1], ['rejected', 1]] as const);
        const requester = sideOf(a);
        const accepter = sideOf(b);
        this.add('VpcPeeringConnections', { VpcPeeringConnectionId: id, Status: { Code: status, Message: status }, RequesterVpcInfo: requester, AccepterVpcInfo: accepter });
        a.pcxs.push({ id, peerCidrs: b.cidrs });
        b.pcxs.push({ id, peerCidrs: a.cidrs });
      }
    }
    for (const vpc of this.vpcs) {
      if (!r.chance(0.3)) continue;
      const cidr = r.pick(EXTERNAL_PEER_CIDRS.filter((c) => !vpc.cidrs.some((v) => overlaps(c, v))));
      const id = this.id('pcx');
      const external = { VpcId: this.id('vpc'), OwnerId: '210987654321', Region: 'us-east-1', CidrBlock: cidr, CidrBlockSet: [{ CidrBlock: cidr }] };
      const mine = sideOf(vpc);
      const mineRequests = r.chance(0.5);
      this.add('VpcPeeringConnections', {
        VpcPeeringConnectionId: id,
        Status: { Code: 'active', Message: 'Active' },
        RequesterVpcInfo: mineRequests ? mine : external,
        AccepterVpcInfo: mineRequests ? external : mine,
      });
      vpc.pcxs.push({ id, peerCidrs: [cidr] });
    }
  }

  private makeTransitGateway(): void {
    const r = this.rng;
    if (!r.chance(0.5)) return;
    const tgw = this.id('tgw');
    this.tgw = tgw;
    const table = this.id('tgw-rtb');
    this.add('TransitGateways', { TransitGatewayId: tgw, OwnerId: OWNER, State: 'available', Options: { AssociationDefaultRouteTableId: table, PropagationDefaultRouteTableId: table } });
    this.add('TransitGatewayRouteTables', { TransitGatewayRouteTableId: table, TransitGatewayId: tgw, DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true, State: 'available' });
    const attachments: string[] = [];
    for (const vpc of this.vpcs) {
      if (!r.chance(0.6)) continue;
      vpc.tgwAttachment = this.id('tgw-attach');
      attachments.push(vpc.tgwAttachment);
      const associated = r.chance(0.85);
      this.add('TransitGatewayAttachments', {
        TransitGatewayAttachmentId: vpc.tgwAttachment,
        TransitGatewayId: tgw,
        TransitGatewayOwnerId: OWNER,
        ResourceOwnerId: OWNER,
        ResourceType: 'vpc',
        ResourceId: vpc.id,
        State: 'available',
        ...(associated ? { Association: { TransitGatewayRouteTableId: table, State: 'associated' } } : {}),
      });
    }
    const vpn = this.id('tgw-attach');
    attachments.push(vpn);
    this.add('TransitGatewayAttachments', {
      TransitGatewayAttachmentId: vpn, TransitGatewayId: tgw, ResourceType: 'vpn', ResourceId: this.id('vpn'), State: 'available',
      Association: { TransitGatewayRouteTableId: table, State: 'associated' },
    });
    this.notes.push(`tgw=${tgw}`);
    if (!r.chance(0.85)) {
      this.notes.push('tgw-routes=not-collected');
      return;
    }
    const routes: Json[] = [];
    const seen = new Set<string>();
    if (r.chance(0.4)) {
      seen.add('0.0.0.0/0');
      routes.push({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: vpn, ResourceType: 'vpn' }], Type: 'static', State: 'active' });
    }
    for (let i = r.int(1, 5); i > 0; i--) {
      const cidr = this.v4FromPool();
      if (seen.has(cidr)) continue;
      seen.add(cidr);
      const blackhole = r.chance(0.15);
      const target = r.pick(attachments);
      routes.push({
        DestinationCidrBlock: cidr,
        ...(blackhole ? {} : { TransitGatewayAttachments: [{ TransitGatewayAttachmentId: target, ResourceType: target === vpn ? 'vpn' : 'vpc' }] }),
        Type: r.pick(['static', 'propagated']),
        State: blackhole ? 'blackhole' : 'active',
      });
    }
    this.documents[`tgw-routes-${table}`] = { TransitGatewayRouteTableId: table, Routes: routes, AdditionalRoutesAvailable: false };
  }

  private makePrefixLists(): void {
    const r = this.rng;
    this.add('PrefixLists', { PrefixListId: 'pl-0unused0000000000', PrefixListName: 'unused', AddressFamily: 'IPv4', State: 'create-complete', OwnerId: OWNER, MaxEntries: 5 });
    this.prefixLists.push({ id: 'pl-0unused0000000000', family: 4 });
    this.documents['pl-entries-unused'] = { PrefixListId: 'pl-0unused0000000000', Entries: [] };
    for (let i = r.int(1, 3); i > 0; i--) {
      const id = this.id('pl');
      const family = r.chance(0.2) ? 6 : 4;
      this.prefixLists.push({ id, family });
      this.add('PrefixLists', { PrefixListId: id, PrefixListName: `list-${i}`, AddressFamily: family === 4 ? 'IPv4' : 'IPv6', State: 'create-complete', OwnerId: OWNER, MaxEntries: 10 });
      if (r.chance(0.12)) {
        this.notes.push(`pl-not-collected=${id}`);
        continue;
      }
      const entries = new Set<string>();
      for (let k = r.int(1, 3); k > 0; k--) entries.add(family === 4 ? this.v4FromPool() : this.v6FromPool(null));
      this.prefixListEntries.set(id, [...entries]);
      this.documents[`pl-entries-${id}`] = { PrefixListId: id, Entries: [...entries].map((c) => ({ Cidr: c })) };
    }
  }

  // ---------------------------------------------------------------- groups, instances, NACLs, routes

  private makeGroups(): void {
    for (const vpc of this.vpcs) {
      for (let i = this.rng.int(3, 5); i > 0; i--) {
        const id = this.id('sg');
        vpc.groups.push(id);
        this.allGroups.push(id);
      }
    }
  }

  private fillGroups(): void {
    const r = this.rng;
    for (const vpc of this.vpcs) {
      for (const id of vpc.groups) {
        const permissions: Json[] = [];
        for (let i = r.int(1, 4); i > 0; i--) permissions.push(this.permission(vpc));
        permissions.push(...(this.extraPermissions.get(id) ?? []));
        this.add('SecurityGroups', {
          GroupId: id,
          GroupName: `group-${id.slice(-4)}`,
          Description: 'generated',
          VpcId: vpc.id,
          OwnerId: OWNER,
          IpPermissions: permissions,
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
        });
      }
    }
  }

  private permission(vpc: GenVpc): Json {
    const r = this.rng;
    const protocol = r.weighted([['-1', 10], ['tcp', 45], ['udp', 28], ['icmp', 10], ['50', 4], ['6', 3]] as const);
    let ports: Json = {};
    if (protocol === 'tcp' || protocol === 'udp' || protocol === '6') {
      const [from, to] = this.portRange();
      ports = { FromPort: from, ToPort: to };
    } else if (protocol === 'icmp') ports = r.chance(0.5) ? { FromPort: -1, ToPort: -1 } : { FromPort: 8, ToPort: 0 };
    const ipRanges: Json[] = [];
    const ipv6Ranges: Json[] = [];
    const prefixLists: Json[] = [];
    const pairs: Json[] = [];
    for (let i = r.int(1, 3); i > 0; i--) {
      const kind = r.weighted([['cidr', 55], ['cidr6', 12], ['group', 23], ['pl', 10]] as const);
      if (kind === 'cidr') ipRanges.push({ CidrIp: this.v4FromPool() });
      else if (kind === 'cidr6') ipv6Ranges.push({ CidrIpv6: this.v6FromPool(vpc) });
      else if (kind === 'pl') prefixLists.push({ PrefixListId: r.pick(this.prefixLists).id });
      else {
        const groupId = r.chance(0.7) ? r.pick(vpc.groups) : r.pick(this.allGroups);
        pairs.push({ GroupId: groupId, UserId: OWNER });
      }
    }
    return { IpProtocol: protocol, ...ports, IpRanges: ipRanges, Ipv6Ranges: ipv6Ranges, PrefixListIds: prefixLists, UserIdGroupPairs: pairs };
  }

  private eniGroups(vpc: GenVpc): Json[] {
    const groups = this.rng.subset(vpc.groups, 1, 2);
    if (this.rng.chance(0.04)) groups.push('sg-0missing000000000');
    return groups.map((g) => ({ GroupId: g, GroupName: g }));
  }

  private publicIp(): string {
    this.publicIpSeq++;
    return `54.${this.seed % 200}.${Math.floor(this.publicIpSeq / 200)}.${(this.publicIpSeq % 200) + 1}`;
  }

  private eniJson(eni: GenEni, opts: { deviceIndex: number; publicIp: string | null; ipv6: string | null; groups: Json[]; publicOnSecondary?: boolean }): Json {
    const association = opts.publicIp === null ? {} : { Association: { PublicIp: opts.publicIp, IpOwnerId: 'amazon' } };
    return {
      NetworkInterfaceId: eni.id,
      SubnetId: eni.subnet.id,
      VpcId: eni.subnet.vpc.id,
      Status: 'in-use',
      InterfaceType: 'interface',
      Description: '',
      PrivateIpAddress: eni.ips[0],
      PrivateIpAddresses: eni.ips.map((ip, i) => ({ Primary: i === 0, PrivateIpAddress: ip, ...(i === (opts.publicOnSecondary ? 1 : 0) ? association : {}) })),
      Ipv6Addresses: opts.ipv6 === null ? [] : [{ Ipv6Address: opts.ipv6 }],
      Groups: opts.groups,
      Attachment: { AttachmentId: `eni-attach-${eni.id}`, DeviceIndex: opts.deviceIndex, InstanceId: eni.instanceId, InstanceOwnerId: OWNER, Status: 'attached' },
      ...(opts.publicOnSecondary ? {} : association),
    };
  }

  private interfaceIn(subnet: GenSubnet, instanceId: string, running: boolean, deviceIndex: number): { eni: GenEni; json: Json } | null {
    const r = this.rng;
    const ip = this.address(subnet, [5, 6, 7, 9, 10, 11, 12, 13, 20, 21, 100, 126, 200, 250]);
    if (ip === null) return null;
    const ips = [ip];
    if (r.chance(0.15)) {
      const second = this.address(subnet, [15, 33, 101]);
      if (second !== null) ips.push(second);
    }
    const groups = this.eniGroups(subnet.vpc);
    const eni: GenEni = { id: this.id('eni'), subnet, ips, instanceId, running, groups: groups.map((g) => g['GroupId'] as string) };
    subnet.vpc.enis.push(eni);
    let publicIp: string | null = null;
    const publicRoll = r.float();
    if (publicRoll < 0.45) publicIp = this.publicIp();
    else if (publicRoll < 0.55) {
      this.add('Addresses', { PublicIp: this.publicIp(), AllocationId: this.id('eipalloc'), Domain: 'vpc', NetworkInterfaceId: eni.id, PrivateIpAddress: r.pick(ips), InstanceId: instanceId });
    }
    let ipv6: string | null = null;
    if (subnet.ipv6 !== null && r.chance(0.45)) {
      const base = parseIpv6(subnet.ipv6.split('/')[0]!)!;
      ipv6 = formatIpRef(base + BigInt(r.pick([5, 6, 0x10, 0xabc])));
    }
    return { eni, json: this.eniJson(eni, { deviceIndex, publicIp, ipv6, groups, publicOnSecondary: ips.length > 1 && this.rng.chance(0.4) }) };
  }

  private makeInstances(): void {
    const r = this.rng;
    for (const vpc of this.vpcs) {
      for (const subnet of vpc.subnets) {
        for (let i = r.int(0, 3); i > 0; i--) {
          const instanceId = this.id('i');
          const running = r.chance(0.88);
          const primary = this.interfaceIn(subnet, instanceId, running, 0);
          if (primary === null) continue;
          const enis = [primary.json];
          if (r.chance(0.15)) {
            const other = this.interfaceIn(r.pick(vpc.subnets), instanceId, running, 1);
            if (other !== null) enis.push(other.json);
          }
          vpc.instances.push({ id: instanceId, running, primary: primary.eni });
          const state = running ? 'running' : r.pick(['stopped', 'stopping', 'terminated']);
          this.add('Reservations', {
            ReservationId: this.id('r'),
            OwnerId: OWNER,
            Instances: [
              {
                InstanceId: instanceId,
                InstanceType: 't3.micro',
                State: { Code: running ? 16 : 80, Name: state },
                SubnetId: subnet.id,
                VpcId: vpc.id,
                PrivateIpAddress: primary.eni.ips[0],
                SecurityGroups: primary.json['Groups'],
                NetworkInterfaces: enis,
                Tags: [{ Key: 'Name', Value: `host-${instanceId.slice(-4)}` }],
              },
            ],
          });
        }
      }
    }
  }

  private naclEntry(vpc: GenVpc, ruleNumber: number, egress: boolean, related: readonly string[]): Json {
    const r = this.rng;
    const protocol = r.weighted([['-1', 25], ['6', 35], ['17', 30], ['1', 10]] as const);
    const v6 = vpc.ipv6 !== null && r.chance(0.2);
    let ports: Json = {};
    if (protocol === '6' || protocol === '17') {
      if (egress && r.chance(0.7)) {
        const a = r.pick(EPHEMERAL_EDGES);
        const b = r.pick(EPHEMERAL_EDGES);
        ports = { PortRange: { From: Math.min(a, b), To: Math.max(a, b) } };
      } else if (r.chance(0.9)) {
        const [from, to] = this.portRange();
        ports = { PortRange: { From: from, To: to } };
      }
    } else if (protocol === '1') ports = { IcmpTypeCode: { Code: -1, Type: -1 } };
    // Outbound entries often name the inbound entries' CIDRs, so that replies are judged where requests pass.
    const v4Related = related.filter((c) => !c.includes(':'));
    const cidr = v6 ? this.v6FromPool(vpc) : v4Related.length > 0 && r.chance(0.5) ? r.pick(v4Related) : this.v4FromPool();
    return {
      RuleNumber: ruleNumber,
      Egress: egress,
      Protocol: protocol,
      RuleAction: r.chance(egress ? 0.45 : 0.62) ? 'allow' : 'deny',
      ...(v6 ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
      ...ports,
    };
  }

  /** One direction of an ACL: open (allow-all), mixed (specific entries before allow-all) or strict (specific entries only). */
  private naclEntries(vpc: GenVpc, egress: boolean, related: readonly string[]): Json[] {
    const r = this.rng;
    const mode = r.weighted(egress ? ([['open', 3], ['mixed', 5], ['strict', 2]] as const) : ([['open', 2], ['mixed', 5], ['strict', 3]] as const));
    const numbers = r.subset(RULE_NUMBERS, mode === 'open' ? 1 : mode === 'mixed' ? 2 : 1, mode === 'open' ? 1 : egress ? 4 : 6).sort((a, b) => a - b);
    const entries: Json[] = [];
    const last = mode === 'strict' ? null : numbers.pop()!;
    for (const n of numbers) entries.push(this.naclEntry(vpc, n, egress, related));
    if (last !== null) {
      entries.push({ RuleNumber: last, Egress: egress, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' });
      if (vpc.ipv6 !== null && r.chance(0.7)) entries.push({ RuleNumber: last + 1, Egress: egress, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' });
    }
    entries.push({ RuleNumber: 32767, Egress: egress, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' });
    if (vpc.ipv6 !== null) entries.push({ RuleNumber: 32768, Egress: egress, Protocol: '-1', RuleAction: 'deny', Ipv6CidrBlock: '::/0' });
    return entries;
  }

  private makeNacls(): void {
    const r = this.rng;
    for (const vpc of this.vpcs) {
      if (r.chance(0.07)) {
        this.notes.push(`no-nacls=${vpc.id}`);
        continue;
      }
      const acls = Array.from({ length: r.int(1, 3) }, () => ({ id: this.id('acl'), subnets: [] as string[] }));
      // Rarely, a subnet's association is missing and the VPC's default ACL is not in the snapshot either.
      const noDefault = r.chance(0.06);
      if (noDefault) this.notes.push(`subnet-without-acl=${vpc.id}`);
      for (const subnet of vpc.subnets) if (!(noDefault && r.chance(0.5))) r.pick(acls).subnets.push(subnet.id);
      acls.forEach((acl, i) => {
        this.add('NetworkAcls', {
          NetworkAclId: acl.id,
          VpcId: vpc.id,
          IsDefault: i === 0 && !noDefault,
          OwnerId: OWNER,
          Associations: acl.subnets.map((s, k) => ({ NetworkAclAssociationId: `aclassoc-${acl.id}-${k}`, NetworkAclId: acl.id, SubnetId: s })),
          Entries: (() => {
            const inbound = this.naclEntries(vpc, false, []);
            const related = inbound.flatMap((e) => (typeof e['CidrBlock'] === 'string' && e['CidrBlock'] !== '0.0.0.0/0' ? [e['CidrBlock']] : []));
            return [...inbound, ...this.naclEntries(vpc, true, related)];
          })(),
        });
      });
    }
  }

  private routeTarget(vpc: GenVpc): Json {
    const r = this.rng;
    const choices: [Json, number][] = [];
    if (vpc.igw !== null) choices.push([{ GatewayId: vpc.igw }, 5]);
    for (const igw of this.extraIgws) choices.push([{ GatewayId: igw }, 1]);
    if (vpc.vgw !== null) choices.push([{ GatewayId: vpc.vgw }, 3]);
    for (const pcx of vpc.pcxs) choices.push([{ VpcPeeringConnectionId: pcx.id }, 2]);
    if (vpc.tgwAttachment !== null && this.tgw !== null) choices.push([{ TransitGatewayId: this.tgw }, 3]);
    if (vpc.nat !== null) choices.push([{ NatGatewayId: vpc.nat }, 2]);
    const eni = vpc.enis.length > 0 ? r.pick(vpc.enis) : null;
    if (eni !== null) choices.push([{ NetworkInterfaceId: eni.id, ...(eni.instanceId === null ? {} : { InstanceId: eni.instanceId }) }, 1]);
    if (choices.length === 0) return { GatewayId: 'igw-0gone0000000000000' };
    return r.weighted(choices);
  }

  private makeRouteTables(): void {
    const r = this.rng;
    for (const vpc of this.vpcs) {
      const tables = Array.from({ length: r.int(1, 3) }, () => ({ id: this.id('rtb'), subnets: [] as string[] }));
      for (const subnet of vpc.subnets) if (tables.length > 1 && r.chance(0.65)) r.pick(tables.slice(1)).subnets.push(subnet.id);
      const noMain = r.chance(0.04);
      if (noMain) this.notes.push(`no-main-table=${vpc.id}`);
      tables.forEach((table, i) => {
        const associations: Json[] = table.subnets.map((s, k) => ({ Main: false, RouteTableAssociationId: `rtbassoc-${table.id}-${k}`, RouteTableId: table.id, SubnetId: s, AssociationState: { State: 'associated' } }));
        if (i === 0 && !noMain) associations.push({ Main: true, RouteTableAssociationId: `rtbassoc-${table.id}-main`, RouteTableId: table.id, AssociationState: { State: 'associated' } });
        const served = i === 0 ? vpc.subnets.filter((s) => !tables.some((t) => t.subnets.includes(s.id))) : vpc.subnets.filter((s) => table.subnets.includes(s.id));
        const public_ = served.some((s) => this.lbSubnets.has(s.id));
        this.add('RouteTables', { RouteTableId: table.id, VpcId: vpc.id, OwnerId: OWNER, Associations: associations, Routes: this.routes(vpc, public_), PropagatingVgws: [] });
      });
    }
  }

  private routes(vpc: GenVpc, lbSubnet: boolean): Json[] {
    const r = this.rng;
    const routes: Json[] = vpc.cidrs.map((c) => ({ DestinationCidrBlock: c, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }));
    if (vpc.ipv6 !== null) routes.push({ DestinationIpv6CidrBlock: vpc.ipv6, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' });
    const statics = new Set<string>();
    const addStatic = (dest: string, target: Json, blackhole = false): void => {
      if (statics.has(dest)) return;
      statics.add(dest);
      routes.push({ DestinationCidrBlock: dest, ...target, Origin: 'CreateRoute', State: blackhole ? 'blackhole' : 'active' });
    };
    // Subnets with load-balancer nodes get a way in more often, so that LB paths open often enough.
    if (r.chance(lbSubnet ? 0.9 : 0.7)) addStatic('0.0.0.0/0', vpc.igw !== null && r.chance(lbSubnet ? 0.85 : 0.6) ? { GatewayId: vpc.igw } : this.routeTarget(vpc));
    for (let i = r.int(0, 4); i > 0; i--) addStatic(this.v4FromPool(), this.routeTarget(vpc), r.chance(0.12));
    if (vpc.tgwAttachment !== null && this.tgw !== null && r.chance(0.5)) addStatic(this.v4FromPool(), { TransitGatewayId: this.tgw });
    for (const pcx of vpc.pcxs) {
      if (!r.chance(0.65)) continue;
      const peer = cidrRange(r.pick(pcx.peerCidrs))!;
      const prefix = r.chance(0.75) ? peer.prefixLength : Math.max(0, Math.min(32, peer.prefixLength + r.pick([-1, 1, 8])));
      addStatic(v4Cidr((peer.start as number) + (r.chance(0.5) ? 0 : 256), prefix), { VpcPeeringConnectionId: pcx.id }, r.chance(0.08));
    }
    if (vpc.vgw !== null && r.chance(0.55)) {
      const propagated = new Set<string>();
      for (let i = r.int(1, 2); i > 0; i--) {
        const dest = statics.size > 0 && r.chance(0.5) ? r.pick([...statics]) : this.v4FromPool();
        if (propagated.has(dest)) continue;
        propagated.add(dest);
        routes.push({ DestinationCidrBlock: dest, GatewayId: vpc.vgw, Origin: 'EnableVgwRoutePropagation', State: 'active' });
      }
    }
    const v4Lists = this.prefixLists.filter((p) => p.family === 4 && (this.prefixListEntries.get(p.id) ?? []).length > 0);
    if (v4Lists.length > 0 && r.chance(0.35)) {
      const list = r.pick(v4Lists);
      routes.push({ DestinationPrefixListId: list.id, ...this.routeTarget(vpc), Origin: 'CreateRoute', State: r.chance(0.1) ? 'blackhole' : 'active' });
      // Equal-prefix ties: a static route to one of the list's CIDRs (static wins), a propagated one (the list wins).
      const entries = this.prefixListEntries.get(list.id)!;
      if (r.chance(0.4)) addStatic(r.pick(entries), this.routeTarget(vpc));
      if (vpc.vgw !== null && r.chance(0.4)) {
        const dest = r.pick(entries);
        if (!routes.some((x) => x['DestinationCidrBlock'] === dest && x['Origin'] === 'EnableVgwRoutePropagation')) {
          routes.push({ DestinationCidrBlock: dest, GatewayId: vpc.vgw, Origin: 'EnableVgwRoutePropagation', State: 'active' });
        }
      }
    }
    if (vpc.ipv6 !== null) {
      const v6 = new Set<string>();
      const gateways: Json[] = [];
      if (vpc.igw !== null) gateways.push({ GatewayId: vpc.igw });
      if (vpc.eigw !== null) gateways.push({ EgressOnlyInternetGatewayId: vpc.eigw });
      if (gateways.length > 0) {
        if (r.chance(0.75)) {
          v6.add('::/0');
          routes.push({ DestinationIpv6CidrBlock: '::/0', ...r.pick(gateways), Origin: 'CreateRoute', State: 'active' });
        }
        const v6Lists = this.prefixLists.filter((p) => p.family === 6 && (this.prefixListEntries.get(p.id) ?? []).length > 0);
        if (v6Lists.length > 0 && r.chance(0.25)) {
          routes.push({ DestinationPrefixListId: r.pick(v6Lists).id, ...r.pick(gateways), Origin: 'CreateRoute', State: 'active' });
        }
        for (let i = r.int(0, 2); i > 0; i--) {
          const dest = this.v6FromPool(null);
          if (v6.has(dest)) continue;
          v6.add(dest);
          routes.push({ DestinationIpv6CidrBlock: dest, ...r.pick(gateways), Origin: 'CreateRoute', State: r.chance(0.15) ? 'blackhole' : 'active' });
        }
      }
    }
    return routes;
  }

  // ---------------------------------------------------------------- load balancers

  private makeLoadBalancers(): void {
    const r = this.rng;
    let n = 0;
    for (const vpc of this.vpcs) {
      for (let i = r.weighted([[0, 2], [1, 5], [2, 3]] as const); i > 0; i--) {
        n++;
        const kind = r.weighted([['classic', 3], ['application', 3], ['network', 4]] as const);
        const scheme = r.chance(0.55) ? 'internet-facing' : 'internal';
        const subnets = r.subset(vpc.subnets, 1, 3);
        for (const subnet of subnets) this.lbSubnets.add(subnet.id);
        const name = `lb${n}-${this.seed}`;
        const hex = (this.seed * 7919 + n).toString(16).padStart(16, '0');
        const id = kind === 'classic' ? name : `${ARN}:loadbalancer/${kind === 'application' ? 'app' : 'net'}/${name}/${hex}`;
        const groups = kind === 'network' ? (r.chance(0.5) ? [] : r.subset(vpc.groups, 1, 1)) : r.chance(0.88) ? r.subset(vpc.groups, 1, 2) : [];
        this.notes.push(`${kind}:${scheme}${groups.length === 0 ? ':no-groups' : ''}`);
        this.lbInterfaces(vpc, kind, id, name, subnets, groups);
        const plan = kind === 'classic' ? this.classic(vpc, name, scheme, subnets, groups) : this.elbv2(vpc, kind, id, name, scheme, subnets, groups);
        this.openPaths(vpc, plan, subnets, groups);
      }
    }
  }

  private lbInterfaces(vpc: GenVpc, kind: string, id: string, name: string, subnets: GenSubnet[], groups: string[]): void {
    const r = this.rng;
    const mode = r.weighted([['all', 4], ['some', 2], ['none', 4]] as const);
    if (mode === 'none') return;
    const description = kind === 'classic' ? `ELB ${name}` : `ELB ${id.slice(id.indexOf(':loadbalancer/') + ':loadbalancer/'.length)}`;
    const withEni = mode === 'all' ? subnets : r.subset(subnets, 1, Math.max(1, subnets.length - 1));
    for (const subnet of withEni) {
      const ip = this.address(subnet, [4, 8, 14, 30, 77]);
      if (ip === null) continue;
      const eni: GenEni = { id: this.id('eni'), subnet, ips: [ip], instanceId: null, running: false, groups };
      vpc.enis.push(eni);
      this.add('NetworkInterfaces', {
        NetworkInterfaceId: eni.id,
        SubnetId: subnet.id,
        VpcId: vpc.id,
        AvailabilityZone: subnet.az,
        Description: description,
        InterfaceType: kind === 'network' ? 'network_load_balancer' : 'interface',
        RequesterManaged: true,
        Status: 'in-use',
        OwnerId: OWNER,
        PrivateIpAddress: ip,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip }],
        Groups: groups.map((g) => ({ GroupId: g, GroupName: g })),
        Ipv6Addresses: [],
        Attachment: { AttachmentId: `eni-attach-${eni.id}`, DeviceIndex: 1, InstanceOwnerId: 'amazon-elb', Status: 'attached' },
      });
    }
  }

  /**
   * Random rules seldom line up with a listener and its targets; often enough, open the LB's
   * groups at a listener port and a target's groups at its port, from sources that interact.
   */
  private openPaths(vpc: GenVpc, plan: LbPlan, subnets: GenSubnet[], lbGroups: string[]): void {
    const r = this.rng;
    const allow = (groupId: string, protocol: Transport, port: number, source: Json): void => {
      const low = r.chance(0.75) ? port : Math.max(0, port - r.pick([1, 20, 1000]));
      const high = r.chance(0.75) ? port : Math.min(65535, port + r.pick([1, 20, 1000]));
      const list = this.extraPermissions.get(groupId) ?? [];
      list.push({ IpProtocol: protocol, FromPort: low, ToPort: high, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...source });
      this.extraPermissions.set(groupId, list);
    };
    const peerCidrs = vpc.pcxs.flatMap((p) => p.peerCidrs);
    for (const listener of plan.listeners) {
      if (lbGroups.length === 0 || !r.chance(0.8)) continue;
      const cidr = r.weighted<string>([['0.0.0.0/0', 4], [this.v4FromPool(), 4], [peerCidrs.length > 0 ? r.pick(peerCidrs) : '0.0.0.0/0', 2]]);
      allow(r.pick(lbGroups), listener.protocol, listener.port, { IpRanges: [{ CidrIp: cidr }] });
    }
    for (const target of plan.targets) {
      if (target.eni.groups.length === 0 || !r.chance(0.75)) continue;
      const roll = r.float();
      let source: Json;
      if (roll < 0.35 && lbGroups.length > 0) source = { UserIdGroupPairs: [{ GroupId: r.pick(lbGroups), UserId: OWNER }] };
      else if (roll < 0.6) source = { IpRanges: [{ CidrIp: r.pick(vpc.cidrs) }] };
      else if (roll < 0.75) source = { IpRanges: [{ CidrIp: r.pick(subnets).cidr }] };
      else if (roll < 0.9) source = { IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
      else source = { IpRanges: [{ CidrIp: this.v4FromPool() }] };
      allow(r.pick(target.eni.groups), target.protocol, target.port, source);
    }
  }

  private classic(vpc: GenVpc, name: string, scheme: string, subnets: GenSubnet[], groups: string[]): LbPlan {
    const r = this.rng;
    const plan: LbPlan = { listeners: [], targets: [] };
    const listeners: Json[] = [];
    const seen = new Set<number>();
    for (let i = r.int(1, 2); i > 0; i--) {
      const port = r.pick(SERVICE_PORTS);
      if (seen.has(port)) continue;
      seen.add(port);
      const protocol = r.pick(['TCP', 'HTTP', 'HTTPS', 'SSL']);
      const instancePort = r.pick(SERVICE_PORTS);
      listeners.push({ Listener: { Protocol: protocol, LoadBalancerPort: port, InstanceProtocol: protocol, InstancePort: instancePort }, PolicyNames: [] });
      plan.listeners.push({ port, protocol: 'tcp', targetPort: instancePort });
    }
    const registered = r.subset(vpc.instances, 1, 3);
    for (const instance of registered) for (const l of plan.listeners) plan.targets.push({ eni: instance.primary, port: l.targetPort, protocol: 'tcp' });
    this.documents[`elb-${name}`] = {
      LoadBalancerDescriptions: [
        {
          LoadBalancerName: name,
          DNSName: `${name}.us-east-1.elb.amazonaws.com`,
          Scheme: scheme,
          VPCId: vpc.id,
          Subnets: subnets.map((s) => s.id),
          SecurityGroups: groups,
          ListenerDescriptions: listeners,
          Instances: registered.map((i) => ({ InstanceId: i.id })),
          AvailabilityZones: [...new Set(subnets.map((s) => s.az))],
        },
      ],
    };
    return plan;
  }

  private elbv2(vpc: GenVpc, kind: 'application' | 'network', id: string, name: string, scheme: string, subnets: GenSubnet[], groups: string[]): LbPlan {
    const r = this.rng;
    const nlb = kind === 'network';
    const plan: LbPlan = { listeners: [], targets: [] };
    const transportOf = (protocol: string): Transport => (protocol === 'UDP' ? 'udp' : protocol === 'TCP_UDP' && r.chance(0.5) ? 'udp' : 'tcp');
    this.documents[`elbv2-${name}`] = {
      LoadBalancers: [
        {
          LoadBalancerArn: id,
          LoadBalancerName: name,
          DNSName: `${name}.elb.us-east-1.amazonaws.com`,
          Scheme: scheme,
          VpcId: vpc.id,
          State: { Code: 'active' },
          Type: kind,
          AvailabilityZones: subnets.map((s) => ({ ZoneName: s.az, SubnetId: s.id })),
          ...(groups.length === 0 && r.chance(0.5) ? {} : { SecurityGroups: groups }),
          IpAddressType: 'ipv4',
        },
      ],
    };
    const targetGroups: string[] = [];
    const groupDocs: Json[] = [];
    for (let t = r.int(1, 3); t > 0; t--) {
      const arn = `${ARN}:targetgroup/${name}-tg${t}/${(this.seed * 31 + t).toString(16).padStart(16, '0')}`;
      targetGroups.push(arn);
      const targetType = r.weighted([['instance', 12], ['ip', 7], ['lambda', 1]] as const);
      const protocol = nlb ? r.weighted([['TCP', 5], ['UDP', 2], ['TCP_UDP', 2], ['TLS', 1]] as const) : r.pick(['HTTP', 'HTTPS']);
      const port = r.pick(SERVICE_PORTS);
      groupDocs.push({ TargetGroupArn: arn, TargetGroupName: `${name}-tg${t}`, Protocol: targetType === 'lambda' ? undefined : protocol, Port: targetType === 'lambda' ? undefined : port, VpcId: vpc.id, TargetType: targetType, LoadBalancerArns: [id] });
      if (r.chance(0.1)) {
        this.notes.push(`targets-not-collected=${arn}`);
      } else {
        const targets: Json[] = [];
        for (let k = r.int(1, 3); k > 0; k--) {
          const override = r.chance(0.3) ? { Port: r.pick(SERVICE_PORTS) } : {};
          if (targetType === 'lambda') targets.push({ Id: `arn:aws:lambda:us-east-1:${OWNER}:function:f${k}` });
          else if (targetType === 'instance') {
            if (vpc.instances.length > 0) {
              const instance = r.pick(vpc.instances);
              targets.push({ Id: instance.id, ...override });
              plan.targets.push({ eni: instance.primary, port: (override as { Port?: number }).Port ?? port, protocol: transportOf(protocol) });
            }
          } else {
            // This VPC's interfaces (an overlapping VPC may reuse the address), or an address no interface has.
            const eniIps = vpc.enis.flatMap((e) => e.ips);
            const ip = eniIps.length > 0 && r.chance(0.9) ? r.pick(eniIps) : formatIpRef(parseIpv4(vpc.cidrs[0]!.split('/')[0]!)! + 99);
            targets.push({ Id: ip, ...override, AvailabilityZone: r.chance(0.2) ? 'all' : undefined });
            const owner = vpc.enis.find((e) => e.ips.includes(ip));
            if (owner !== undefined) plan.targets.push({ eni: owner, port: (override as { Port?: number }).Port ?? port, protocol: transportOf(protocol) });
          }
        }
        this.documents[`health-${name}-${t}`] = { TargetGroupArn: arn, TargetHealthDescriptions: targets.map((target) => ({ Target: target, TargetHealth: { State: r.pick(['healthy', 'unhealthy', 'unused']) } })) };
      }
      if (nlb && r.chance(0.6)) {
        const preserve = r.chance(0.5);
        this.notes.push(`preserve=${preserve}`);
        this.documents[`tg-attrs-${name}-${t}`] = { TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }, { Key: 'preserve_client_ip.enabled', Value: String(preserve) }] };
      }
    }
    this.documents[`tgs-${name}`] = { TargetGroups: groupDocs };
    const listeners: Json[] = [];
    const rules: Json[] = [];
    for (let l = r.int(1, 2); l > 0; l--) {
      const listenerArn = `${ARN}:listener/${nlb ? 'net' : 'app'}/${name}/${(this.seed * 13).toString(16)}/${l.toString(16).padStart(16, '0')}`;
      // A load balancer's listener ports are unique (an NLB serves TCP and UDP on one port with TCP_UDP).
      const port = r.pick(SERVICE_PORTS.filter((p) => !listeners.some((l) => l['Port'] === p)));
      const protocol = nlb ? r.weighted([['TCP', 5], ['UDP', 2], ['TCP_UDP', 2], ['TLS', 1]] as const) : r.pick(['HTTP', 'HTTPS']);
      const roll = r.float();
      let defaultActions: Json[];
      if (roll < 0.6 || nlb) defaultActions = [{ Type: 'forward', TargetGroupArn: r.pick(targetGroups) }];
      else if (roll < 0.8) defaultActions = [{ Type: 'forward', ForwardConfig: { TargetGroups: r.subset(targetGroups, 1, 2).map((arn) => ({ TargetGroupArn: arn, Weight: 1 })) } }];
      else defaultActions = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } }];
      listeners.push({ ListenerArn: listenerArn, LoadBalancerArn: id, Port: port, Protocol: protocol, DefaultActions: defaultActions });
      plan.listeners.push({ port, protocol: transportOf(protocol), targetPort: port });
      if (!nlb) {
        for (let k = r.int(0, 2); k > 0; k--) {
          const forward = r.chance(0.65);
          rules.push({
            RuleArn: `${listenerArn.replace(':listener/', ':listener-rule/')}/${k.toString(16).padStart(16, '0')}`,
            ListenerArn: listenerArn,
            Priority: String(k * 10),
            Conditions: [{ Field: 'path-pattern', Values: [`/p${k}/*`] }],
            Actions: forward
              ? [{ Type: 'forward', TargetGroupArn: r.pick(targetGroups) }]
              : [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
            IsDefault: false,
          });
        }
      }
    }
    if (r.chance(0.06)) {
      this.notes.push(`listeners-not-collected=${name}`);
      return { listeners: [], targets: [] };
    }
    this.documents[`listeners-${name}`] = { Listeners: listeners };
    if (rules.length > 0) this.documents[`rules-${name}`] = { Rules: rules };
    return plan;
  }

  // ---------------------------------------------------------------- firewall appliances

  /**
   * AWS's firewall architectures, drawn from a chance of their own (so every other part of the
   * estate is what the seed gave before): a Gateway Load Balancer endpoint (or one the snapshot
   * lacks) that some static routes now send to, and an internet gateway edge table that sends a
   * subnet's traffic to an interface, which makes that interface an appliance.
   */
  private makeFirewalls(): void {
    const r = new Rng(this.seed + 104729);
    const tables = this.lists['RouteTables'] ?? [];
    for (const vpc of this.vpcs) {
      if (vpc.subnets.length === 0 || !r.chance(0.35)) continue;
      const endpoint = this.id('vpce');
      const described = r.chance(0.75);
      if (described) {
        const subnet = r.pick(vpc.subnets).id;
        this.add('VpcEndpoints', { VpcEndpointId: endpoint, VpcEndpointType: 'GatewayLoadBalancer', VpcId: vpc.id, ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0f1f2f3f4f5f6f7f8', State: 'available', SubnetIds: [subnet], RouteTableIds: [] });
      }
      this.notes.push(`firewall-endpoint=${endpoint}${described ? '' : '(undescribed)'}`);
      for (const table of tables.filter((t) => t['VpcId'] === vpc.id)) {
        for (const route of table['Routes'] as Json[]) {
          if (route['Origin'] !== 'CreateRoute' || typeof route['DestinationCidrBlock'] !== 'string' || !r.chance(0.35)) continue;
          for (const key of ['GatewayId', 'NatGatewayId', 'VpcPeeringConnectionId', 'TransitGatewayId', 'NetworkInterfaceId', 'InstanceId', 'EgressOnlyInternetGatewayId']) delete route[key];
          route['GatewayId'] = endpoint;
        }
      }
      if (vpc.igw !== null && vpc.enis.length > 0 && r.chance(0.6)) {
        const eni = r.pick(vpc.enis);
        const id = this.id('rtb');
        const local = vpc.cidrs.map((c) => ({ DestinationCidrBlock: c, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }));
        this.add('RouteTables', {
          RouteTableId: id,
          VpcId: vpc.id,
          OwnerId: OWNER,
          Associations: [{ Main: false, RouteTableAssociationId: `rtbassoc-${id}-edge`, RouteTableId: id, GatewayId: vpc.igw, AssociationState: { State: 'associated' } }],
          Routes: [...local, { DestinationCidrBlock: r.pick(vpc.subnets).cidr, NetworkInterfaceId: eni.id, Origin: 'CreateRoute', State: 'active' }],
          PropagatingVgws: [],
        });
        this.notes.push(`ingress-appliance=${eni.id}`);
      }
    }
  }

  // ---------------------------------------------------------------- the whole estate

  build(): GeneratedEstate {
    const r = this.rng;
    this.makeVpcs();
    this.makeGateways();
    this.makePeerings();
    this.makeTransitGateway();
    this.makePrefixLists();
    this.makeGroups();
    this.makeInstances();
    this.makeLoadBalancers();
    this.makeNacls();
    this.makeRouteTables();
    this.fillGroups();
    const onpremCidrs = r.chance(0.3) ? [...new Set([this.v4FromPool(), ...(r.chance(0.5) ? [this.v4FromPool()] : [])])] : null;
    const ephemeralPorts = r.weighted([[[1024, 65535] as const, 7], [[32768, 60999] as const, 2], [[1025, 2000] as const, 1]] as const);
    if (onpremCidrs !== null) this.notes.push(`onprem=${onpremCidrs.join(',')}`);
    this.notes.push(`ephemeral=${ephemeralPorts.join('-')}`);
    this.makeFirewalls();
    const files: Record<string, unknown> = {};
    for (const [key, items] of Object.entries(this.lists)) files[key] = { [key]: items };
    Object.assign(files, JSON.parse(JSON.stringify(this.documents)) as Record<string, unknown>);
    return { seed: this.seed, files, options: { ephemeralPorts: [ephemeralPorts[0], ephemeralPorts[1]], onpremCidrs }, summary: this.notes.join(' ') };
  }
}

export function generateEstate(seed: number): GeneratedEstate {
  return new EstateGenerator(seed).build();
}
