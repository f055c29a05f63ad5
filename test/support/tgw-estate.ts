// Two VPCs and a static VPN on one transit gateway, as raw AWS JSON: A 10.1.0.0/16 (instance
// 10.1.1.10), B 10.2.0.0/16 (instance 10.2.1.10), VPN 192.168.0.0/16. Every part can be bent.
import { ALLOW_ALL_NACL, RawEstate, type RouteSpec, type SgPermission } from './raw-estate.js';

export interface TgwIds {
  readonly tgw: string;
  readonly table: string;
  readonly attachA: string;
  readonly attachB: string;
  readonly attachVpn: string;
}

export interface TgwEstateOptions {
  /** The default table's routes; default: each VPC's CIDR propagated to its attachment, the VPN's static route. */
  readonly routes?: (ids: TgwIds) => readonly { cidr: string; attachment?: string; blackhole?: boolean; propagated?: boolean }[];
  /** Which attachments are associated with the default table (default: all). */
  readonly unassociated?: readonly ('A' | 'B' | 'VPN')[];
  /** Routes of A's subnet besides the local one; default: B and the VPN through the TGW. */
  readonly routesA?: (tgw: string) => readonly RouteSpec[];
  readonly routesB?: (tgw: string) => readonly RouteSpec[];
  /** Ingress of A's instance; default SSH from anywhere. */
  readonly ingressA?: (groupB: string) => readonly SgPermission[];
  /** Prefixes delegated to A's interface (none by default). */
  readonly ipv4PrefixesA?: readonly string[];
}

const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

export function tgwEstate(opts: TgwEstateOptions = {}) {
  const e = new RawEstate();
  const { tgw, table } = e.transitGateway();
  const vpcA = e.vpc('10.1.0.0/16');
  const vpcB = e.vpc('10.2.0.0/16');
  const subnetA = e.subnet(vpcA, '10.1.1.0/24', { az: 'us-east-1a' });
  const subnetB = e.subnet(vpcB, '10.2.1.0/24', { az: 'us-east-1a' });
  const rtbA = e.routeTable(vpcA, { subnets: [subnetA], routes: opts.routesA?.(tgw) ?? [{ dest: '10.2.0.0/16', tgw }, { dest: '192.168.0.0/16', tgw }] });
  const rtbB = e.routeTable(vpcB, { subnets: [subnetB], routes: opts.routesB?.(tgw) ?? [{ dest: '10.1.0.0/16', tgw }] });
  e.nacl(vpcA, { subnets: [subnetA], entries: ALLOW_ALL_NACL, isDefault: true });
  e.nacl(vpcB, { subnets: [subnetB], entries: ALLOW_ALL_NACL, isDefault: true });
  const sgB = e.securityGroup(vpcB, 'b', SSH);
  const sgA = e.securityGroup(vpcA, 'a', opts.ingressA?.(sgB) ?? SSH);
  const a = e.instance(subnetA, { groups: [sgA], privateIp: '10.1.1.10', ...(opts.ipv4PrefixesA === undefined ? {} : { ipv4Prefixes: opts.ipv4PrefixesA }) });
  const b = e.instance(subnetB, { groups: [sgB], privateIp: '10.2.1.10' });
  const unassociated = new Set(opts.unassociated ?? []);
  const attachA = e.tgwAttachment(tgw, unassociated.has('A') ? null : table, { vpc: vpcA, subnets: [subnetA] });
  const attachB = e.tgwAttachment(tgw, unassociated.has('B') ? null : table, { vpc: vpcB, subnets: [subnetB] });
  const attachVpn = e.tgwAttachment(tgw, unassociated.has('VPN') ? null : table, { vpnStaticRoutes: ['192.168.0.0/16'] });
  const ids: TgwIds = { tgw, table, attachA, attachB, attachVpn };
  e.tgwRoutes(
    table,
    opts.routes?.(ids) ?? [
      { cidr: '10.1.0.0/16', attachment: attachA, propagated: true },
      { cidr: '10.2.0.0/16', attachment: attachB, propagated: true },
      { cidr: '192.168.0.0/16', attachment: attachVpn },
    ],
  );
  return { e, ids, vpcA, vpcB, subnetA, subnetB, rtbA, rtbB, sgA, sgB, a, b };
}

/**
 * A VPC of one subnet and one instance that admits SSH, attached to `tgw` and associated with
 * `table` (null: not associated); its subnet routes `routesTo` to that gateway.
 */
export function tgwSpoke(
  e: RawEstate,
  tgw: string,
  table: string | null,
  spoke: { readonly name: string; readonly cidr: string; readonly subnet: string; readonly privateIp: string; readonly routesTo: readonly string[] },
) {
  const vpc = e.vpc(spoke.cidr);
  const subnet = e.subnet(vpc, spoke.subnet);
  e.routeTable(vpc, { subnets: [subnet], routes: spoke.routesTo.map((dest) => ({ dest, tgw })) });
  e.nacl(vpc, { subnets: [subnet], entries: ALLOW_ALL_NACL, isDefault: true });
  const instance = e.instance(subnet, { groups: [e.securityGroup(vpc, spoke.name, SSH)], privateIp: spoke.privateIp });
  const attachment = e.tgwAttachment(tgw, table, { vpc, subnets: [subnet] });
  return { vpc, subnet, instance, attachment };
}
