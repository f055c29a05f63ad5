// A file's kind is decided by its top-level key(s), never by its name: raw `aws ... > x.json`
// output, Batfish's aws_configs/ and CloudMapper's account-data/ all load as they are.
import type { z } from 'zod';
import { anyList } from './aws-values.js';
import type { CoverageNote } from '../model/types.js';
import {
  directConnectGatewayAssociationSchema,
  directConnectGatewaySchema,
  virtualInterfaceSchema,
} from './dx-schemas.js';
import {
  addressSchema,
  customerGatewaySchema,
  egressOnlyInternetGatewaySchema,
  instanceSchema,
  internetGatewaySchema,
  natGatewaySchema,
  networkAclSchema,
  networkInterfaceSchema,
  peeringConnectionSchema,
  prefixListEntriesSchema,
  prefixListSchema,
  reservationSchema,
  routeTableSchema,
  securityGroupSchema,
  subnetSchema,
  vpcEndpointSchema,
  vpcSchema,
  vpnConnectionSchema,
  vpnGatewaySchema,
} from './ec2-schemas.js';
import {
  classicLoadBalancerSchema,
  listenerSchema,
  loadBalancerAttributesSchema,
  loadBalancerListenersSchema,
  loadBalancerSchema,
  ruleSchema,
  targetGroupAttributesSchema,
  targetGroupSchema,
  targetHealthSchema,
} from './elb-schemas.js';
import { describeKey, jsonPath } from './errors.js';
import { printable } from '../model/printable.js';
import { listenerDataSchema } from './listener-data-schema.js';
import { readManifest } from './manifest.js';
import type { Origin, RawSnapshot } from './raw-snapshot.js';
import { checkRecord, stringField, type ReadSink } from './record-check.js';
import {
  transitGatewayAttachmentSchema,
  transitGatewayRouteTableSchema,
  transitGatewaySchema,
  transitGatewayTablePropagationsSchema,
  transitGatewayTableRoutesSchema,
  transitGatewayVpcAttachmentSchema,
} from './tgw-schemas.js';

export interface DocumentContext extends ReadSink {
  readonly raw: RawSnapshot;
  readonly warnings: string[];
  /** True for the manifest.json at the snapshot's root. */
  readonly isRootManifest: boolean;
}

type Path = readonly PropertyKey[];

/** Checks each element of the list at `path`, passing the good ones to `store`. */
function eachRecord<S extends z.ZodType>(
  ctx: DocumentContext,
  list: unknown,
  path: Path,
  schema: S,
  resourceType: string,
  idKey: string,
  store: (item: z.output<S>, origin: Origin, index: number) => void,
  onSkip?: (element: unknown) => void,
  firstIndex = 0,
): void {
  if (!isList(ctx, list, path, resourceType)) return;
  list.forEach((element, offset) => {
    const index = firstIndex + offset;
    const item = checkRecord(ctx, schema, element, [...path, index], resourceType, stringField(element, idKey));
    if (item === null) onSkip?.(element);
    else store(item, ctx.origin, index);
  });
}

function isList(ctx: DocumentContext, value: unknown, path: Path, resourceType: string): value is unknown[] {
  if (Array.isArray(value)) return true;
  // Reuse the record check for the one message format and the lenient/strict choice.
  checkRecord(ctx, anyList, value, path, resourceType, null);
  return false;
}

function simpleList<S extends z.ZodType>(
  schema: S,
  resourceType: string,
  idKey: string,
  target: (raw: RawSnapshot) => { item: z.output<S>; origin: Origin }[],
): ListKind {
  return (ctx, value, path, firstIndex) =>
    eachRecord(ctx, value, path, schema, resourceType, idKey, (item, origin) => target(ctx.raw).push({ item, origin }), undefined, firstIndex);
}

/** Reads the list at `path`; a streamed file hands it over in parts, `firstIndex` being the part's first. */
type ListKind = (ctx: DocumentContext, value: unknown, path: Path, firstIndex?: number) => void;

const RESERVATION = 'AWS::EC2::Instance';

function reservations(ctx: DocumentContext, value: unknown, path: Path, firstIndex?: number): void {
  eachRecord(
    ctx,
    value,
    path,
    reservationSchema,
    RESERVATION,
    'ReservationId',
    (reservation, origin, r) => {
      const instancesPath = [...path, r, 'Instances'];
      eachRecord(ctx, reservation.Instances ?? [], instancesPath, instanceSchema, RESERVATION, 'InstanceId', (instance) => {
        ctx.raw.instances.push({ item: { instance, reservationOwnerId: reservation.OwnerId ?? null }, origin });
      });
    },
    undefined,
    firstIndex,
  );
}

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

function listeners(ctx: DocumentContext, value: unknown, path: Path, firstIndex?: number): void {
  eachRecord(
    ctx,
    value,
    path,
    listenerSchema,
    LISTENER,
    'ListenerArn',
    (listener, origin, index) => {
      if (listener.LoadBalancerArn == null) {
        ctx.warnings.push(`${printable(origin.file)}: ${jsonPath([...path, index])}: listener without LoadBalancerArn, skipped`);
        return;
      }
      ctx.raw.loadBalancersWithListenerData.add(listener.LoadBalancerArn);
      ctx.raw.listeners.push({ item: { loadBalancerArn: listener.LoadBalancerArn, listener }, origin });
    },
    (element) => markIncomplete(ctx.raw.incomplete.loadBalancerListeners, stringField(element, 'LoadBalancerArn')),

    firstIndex,
  );
}

function loadBalancerListeners(ctx: DocumentContext, value: unknown, path: Path, firstIndex?: number): void {
  eachRecord(
    ctx,
    value,
    path,
    loadBalancerListenersSchema,
    LISTENER,
    'LoadBalancerArn',
    (entry, origin) => {
      ctx.raw.loadBalancersWithListenerData.add(entry.LoadBalancerArn);
      for (const listener of entry.Listeners) {
        ctx.raw.listeners.push({ item: { loadBalancerArn: entry.LoadBalancerArn, listener }, origin });
      }
    },
    (element) => markIncomplete(ctx.raw.incomplete.loadBalancerListeners, stringField(element, 'LoadBalancerArn')),

    firstIndex,
  );
}

/** arn:…:listener-rule/app/lb/1/2/3 → arn:…:listener/app/lb/1/2 (describe-rules output has no ListenerArn). */
export function listenerArnOfRule(ruleArn: string): string | null {
  const marker = ':listener-rule/';
  const at = ruleArn.indexOf(marker);
  const slash = ruleArn.lastIndexOf('/');
  if (at === -1 || slash <= at + marker.length) return null;
  return `${ruleArn.slice(0, at)}:listener/${ruleArn.slice(at + marker.length, slash)}`;
}

function rules(ctx: DocumentContext, value: unknown, path: Path, firstIndex?: number): void {
  const listenerOf = (ruleArn: string | null | undefined, listenerArn: string | null | undefined): string | null =>
    listenerArn ?? (ruleArn == null ? null : listenerArnOfRule(ruleArn));
  eachRecord(
    ctx,
    value,
    path,
    ruleSchema,
    'AWS::ElasticLoadBalancingV2::ListenerRule',
    'RuleArn',
    (rule, origin, index) => {
      const listenerArn = listenerOf(rule.RuleArn, rule.ListenerArn);
      if (listenerArn === null) {
        ctx.warnings.push(`${printable(origin.file)}: ${jsonPath([...path, index])}: rule without ListenerArn or RuleArn, skipped`);
        return;
      }
      ctx.raw.rules.push({ item: { listenerArn, rule }, origin });
    },
    (element) =>
      markIncomplete(ctx.raw.incomplete.listenerRules, listenerOf(stringField(element, 'RuleArn'), stringField(element, 'ListenerArn'))),

    firstIndex,
  );
}

function markIncomplete(set: Set<string>, id: string | null): void {
  if (id !== null) set.add(id);
}

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const TGW_ROUTE_TABLE = 'AWS::EC2::TransitGatewayRouteTable';

/** Kinds whose records sit in a list under one top-level key. */
const LIST_KINDS: ReadonlyMap<string, ListKind> = new Map<string, ListKind>([
  ['Vpcs', simpleList(vpcSchema, 'AWS::EC2::VPC', 'VpcId', (r) => r.vpcs)],
  ['Subnets', simpleList(subnetSchema, 'AWS::EC2::Subnet', 'SubnetId', (r) => r.subnets)],
  ['RouteTables', simpleList(routeTableSchema, 'AWS::EC2::RouteTable', 'RouteTableId', (r) => r.routeTables)],
  ['InternetGateways', simpleList(internetGatewaySchema, 'AWS::EC2::InternetGateway', 'InternetGatewayId', (r) => r.internetGateways)],
  [
    'EgressOnlyInternetGateways',
    simpleList(
      egressOnlyInternetGatewaySchema,
      'AWS::EC2::EgressOnlyInternetGateway',
      'EgressOnlyInternetGatewayId',
      (r) => r.egressOnlyInternetGateways,
    ),
  ],
  ['NetworkAcls', simpleList(networkAclSchema, 'AWS::EC2::NetworkAcl', 'NetworkAclId', (r) => r.networkAcls)],
  ['SecurityGroups', simpleList(securityGroupSchema, 'AWS::EC2::SecurityGroup', 'GroupId', (r) => r.securityGroups)],
  [
    'NetworkInterfaces',
    simpleList(networkInterfaceSchema, 'AWS::EC2::NetworkInterface', 'NetworkInterfaceId', (r) => r.networkInterfaces),
  ],
  ['Addresses', simpleList(addressSchema, 'AWS::EC2::EIP', 'PublicIp', (r) => r.addresses)],
  ['NatGateways', simpleList(natGatewaySchema, 'AWS::EC2::NatGateway', 'NatGatewayId', (r) => r.natGateways)],
  ['VpcEndpoints', simpleList(vpcEndpointSchema, 'AWS::EC2::VPCEndpoint', 'VpcEndpointId', (r) => r.vpcEndpoints)],
  [
    'VpcPeeringConnections',
    simpleList(peeringConnectionSchema, 'AWS::EC2::VPCPeeringConnection', 'VpcPeeringConnectionId', (r) => r.peeringConnections),
  ],
  ['VpnGateways', simpleList(vpnGatewaySchema, 'AWS::EC2::VPNGateway', 'VpnGatewayId', (r) => r.vpnGateways)],
  ['VpnConnections', simpleList(vpnConnectionSchema, 'AWS::EC2::VPNConnection', 'VpnConnectionId', (r) => r.vpnConnections)],
  [
    'CustomerGateways',
    (ctx, value, path, firstIndex) =>
      eachRecord(ctx, value, path, customerGatewaySchema, 'AWS::EC2::CustomerGateway', 'CustomerGatewayId', () => {}, undefined, firstIndex),
  ],
  ['TransitGateways', simpleList(transitGatewaySchema, 'AWS::EC2::TransitGateway', 'TransitGatewayId', (r) => r.transitGateways)],
  [
    'TransitGatewayAttachments',
    simpleList(
      transitGatewayAttachmentSchema,
      'AWS::EC2::TransitGatewayAttachment',
      'TransitGatewayAttachmentId',
      (r) => r.transitGatewayAttachments,
    ),
  ],
  [
    'TransitGatewayVpcAttachments',
    simpleList(
      transitGatewayVpcAttachmentSchema,
      'AWS::EC2::TransitGatewayVpcAttachment',
      'TransitGatewayAttachmentId',
      (r) => r.transitGatewayVpcAttachments,
    ),
  ],
  [
    'TransitGatewayRouteTables',
    simpleList(transitGatewayRouteTableSchema, TGW_ROUTE_TABLE, 'TransitGatewayRouteTableId', (r) => r.transitGatewayRouteTables),
  ],
  [
    'TransitGatewayStaticRoutes',
    (ctx, value, path, firstIndex) =>
      eachRecord(
        ctx,
        value,
        path,
        transitGatewayTableRoutesSchema,
        TGW_ROUTE_TABLE,
        'TransitGatewayRouteTableId',
        (item, origin) => {
          ctx.raw.transitGatewayTableRoutes.push({ item, origin });
          ctx.raw.staticRouteTables.add(item.TransitGatewayRouteTableId);
        },
        (element) =>
          markIncomplete(ctx.raw.incomplete.transitGatewayRouteTableRoutes, stringField(element, 'TransitGatewayRouteTableId')),
        firstIndex,
      ),
  ],
  [
    'TransitGatewayPropagations',
    simpleList(
      transitGatewayTablePropagationsSchema,
      TGW_ROUTE_TABLE,
      'TransitGatewayRouteTableId',
      (r) => r.transitGatewayTablePropagations,
    ),
  ],
  ['PrefixLists', simpleList(prefixListSchema, 'AWS::EC2::PrefixList', 'PrefixListId', (r) => r.prefixLists)],
  ['Reservations', reservations],
  [
    'LoadBalancerDescriptions',
    simpleList(classicLoadBalancerSchema, 'AWS::ElasticLoadBalancing::LoadBalancer', 'LoadBalancerName', (r) => r.classicLoadBalancers),
  ],
  ['LoadBalancers', simpleList(loadBalancerSchema, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancerArn', (r) => r.loadBalancers)],
  ['Listeners', listeners],
  ['Rules', rules],
  ['TargetGroups', simpleList(targetGroupSchema, TARGET_GROUP, 'TargetGroupArn', (r) => r.targetGroups)],
  ['LoadBalancerListeners', loadBalancerListeners],
  [
    'LoadBalancerTargetHealth',
    (ctx, value, path, firstIndex) =>
      eachRecord(
        ctx,
        value,
        path,
        targetHealthSchema,
        TARGET_GROUP,
        'TargetGroupArn',
        (item, origin) => ctx.raw.targetHealth.push({ item, origin }),
        (element) => markIncomplete(ctx.raw.incomplete.targetGroupTargets, stringField(element, 'TargetGroupArn')),
        firstIndex,
      ),
  ],
  [
    'LoadBalancerAttributes',
    simpleList(
      loadBalancerAttributesSchema,
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'LoadBalancerArn',
      (r) => r.loadBalancerAttributes,
    ),
  ],
  // Not in Batfish's set, but the same aggregate form for target group attributes.
  [
    'TargetGroupAttributes',
    simpleList(targetGroupAttributesSchema, TARGET_GROUP, 'TargetGroupArn', (r) => r.targetGroupAttributes),
  ],
  [
    'virtualInterfaces',
    simpleList(virtualInterfaceSchema, 'AWS::DirectConnect::VirtualInterface', 'virtualInterfaceId', (r) => r.virtualInterfaces),
  ],
  [
    'directConnectGateways',
    (ctx, value, path, firstIndex) =>
      eachRecord(ctx, value, path, directConnectGatewaySchema, 'AWS::DirectConnect::Gateway', 'directConnectGatewayId', () => {}, undefined, firstIndex),
  ],
  [
    'directConnectGatewayAssociations',
    simpleList(
      directConnectGatewayAssociationSchema,
      'AWS::DirectConnect::GatewayAssociation',
      'directConnectGatewayId',
      (r) => r.directConnectGatewayAssociations,
    ),
  ],
]);

/** Kinds that are a whole document: a per-parent call's output plus the parent id the collector adds. */
interface DocumentKind {
  /** The kind's name in kindsPresent: its main top-level key. */
  readonly key: string;
  readonly parentKey: string;
  /** Top-level keys the kind uses (the rest are unknown keys). */
  readonly keys: readonly string[];
  readonly read: (ctx: DocumentContext, doc: object) => void;
}

const DOCUMENT_KINDS: readonly DocumentKind[] = [
  {
    key: 'Routes',
    parentKey: 'TransitGatewayRouteTableId',
    keys: ['Routes', 'TransitGatewayRouteTableId', 'AdditionalRoutesAvailable'],
    read: (ctx, doc) => {
      const item = checkRecord(ctx, transitGatewayTableRoutesSchema, doc, [], TGW_ROUTE_TABLE, stringField(doc, 'TransitGatewayRouteTableId'));
      if (item === null) markIncomplete(ctx.raw.incomplete.transitGatewayRouteTableRoutes, stringField(doc, 'TransitGatewayRouteTableId'));
      else ctx.raw.transitGatewayTableRoutes.push({ item, origin: ctx.origin });
    },
  },
  {
    key: 'Entries',
    parentKey: 'PrefixListId',
    keys: ['Entries', 'PrefixListId'],
    read: (ctx, doc) => {
      const item = checkRecord(ctx, prefixListEntriesSchema, doc, [], 'AWS::EC2::PrefixList', stringField(doc, 'PrefixListId'));
      if (item === null) markIncomplete(ctx.raw.incomplete.prefixListEntries, stringField(doc, 'PrefixListId'));
      else ctx.raw.prefixListEntries.push({ item, origin: ctx.origin });
    },
  },
  {
    key: 'TargetHealthDescriptions',
    parentKey: 'TargetGroupArn',
    keys: ['TargetHealthDescriptions', 'TargetGroupArn'],
    read: (ctx, doc) => {
      const item = checkRecord(ctx, targetHealthSchema, doc, [], TARGET_GROUP, stringField(doc, 'TargetGroupArn'));
      if (item === null) markIncomplete(ctx.raw.incomplete.targetGroupTargets, stringField(doc, 'TargetGroupArn'));
      else ctx.raw.targetHealth.push({ item, origin: ctx.origin });
    },
  },
  {
    key: 'Attributes',
    parentKey: 'TargetGroupArn',
    keys: ['Attributes', 'TargetGroupArn'],
    read: (ctx, doc) => {
      const item = checkRecord(ctx, targetGroupAttributesSchema, doc, [], TARGET_GROUP, stringField(doc, 'TargetGroupArn'));
      if (item !== null) ctx.raw.targetGroupAttributes.push({ item, origin: ctx.origin });
    },
  },
  {
    key: 'Attributes',
    parentKey: 'LoadBalancerArn',
    keys: ['Attributes', 'LoadBalancerArn'],
    read: (ctx, doc) => {
      const item = checkRecord(
        ctx,
        loadBalancerAttributesSchema,
        doc,
        [],
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
        stringField(doc, 'LoadBalancerArn'),
      );
      if (item !== null) ctx.raw.loadBalancerAttributes.push({ item, origin: ctx.origin });
    },
  },
];

/** Keys of paginated responses that carry no data. */
const PAGINATION_KEYS: ReadonlySet<string> = new Set(['NextToken', 'nextToken', 'NextMarker', 'Marker', 'ResponseMetadata']);

/** Keys that only make sense with a parent id, for a helpful warning when it is missing. */
const NEEDS_PARENT: ReadonlyMap<string, string> = new Map([
  ['Routes', 'TransitGatewayRouteTableId (search-transit-gateway-routes output needs the table id the collector adds)'],
  ['Entries', 'PrefixListId (get-managed-prefix-list-entries output needs the list id the collector adds)'],
  ['TargetHealthDescriptions', 'TargetGroupArn (describe-target-health output needs the group ARN the collector adds)'],
  ['Attributes', 'TargetGroupArn or LoadBalancerArn (attribute output needs the parent ARN the collector adds)'],
]);

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a streamed file may hand the list at top-level `key` over in parts (readListPart). */
export function readsListInParts(key: string): boolean {
  return LIST_KINDS.has(key);
}

/** Reads elements `firstIndex`… of the list at top-level `key` (readsListInParts(key) must hold). */
export function readListPart(ctx: DocumentContext, key: string, items: readonly unknown[], firstIndex: number): void {
  LIST_KINDS.get(key)?.(ctx, items, [key], firstIndex);
  ctx.raw.kindsPresent.add(key);
}

/** Reads one parsed file into `ctx.raw` by its top-level keys. */
export function readDocument(ctx: DocumentContext, doc: unknown): void {
  const file = ctx.origin.file;
  const shownFile = printable(file);
  if (!isObject(doc)) {
    ctx.warnings.push(`${shownFile}: not an object of AWS data (${Array.isArray(doc) ? 'a list' : typeof doc} at the top level), skipped`);
    return;
  }
  const keys = Object.keys(doc);
  const has = (key: string): boolean => keys.includes(key);

  if (ctx.isRootManifest && has('collectedAt')) {
    readManifest(ctx, doc);
    return;
  }
  if (has('instanceId') && has('listeners')) {
    const data = checkRecord(ctx, listenerDataSchema, doc, [], 'AWS::EC2::Instance', stringField(doc, 'instanceId'));
    if (data !== null) ctx.raw.listenerData.push({ item: data, origin: ctx.origin });
    return;
  }

  const used = new Set<string>();
  for (const kind of DOCUMENT_KINDS) {
    if (has(kind.key) && has(kind.parentKey) && !used.has(kind.key)) {
      kind.read(ctx, doc);
      ctx.raw.kindsPresent.add(kind.key);
      for (const key of kind.keys) used.add(key);
    }
  }
  for (const key of keys) {
    if (used.has(key)) continue;
    const value: unknown = Reflect.get(doc, key);
    const listKind = LIST_KINDS.get(key);
    if (key === 'LoadBalancerAttributes' && isObject(value)) {
      // Classic ELB's describe-load-balancer-attributes: an object without the balancer's name.
      ctx.warnings.push(`${shownFile}: classic load balancer attributes (no load balancer name), skipped`);
    } else if (listKind !== undefined) {
      listKind(ctx, value, [key]);
      ctx.raw.kindsPresent.add(key);
    } else if (PAGINATION_KEYS.has(key)) {
      if ((key === 'NextToken' || key === 'nextToken' || key === 'NextMarker') && typeof value === 'string' && value !== '') {
        const note: CoverageNote = {
          resourceType: 'Snapshot',
          resourceId: file,
          reason: `${key} present: the call was paginated and later pages are not in the snapshot`,
          file,
        };
        ctx.coverage.push(note);
      }
    } else if (NEEDS_PARENT.has(key)) {
      ctx.warnings.push(`${shownFile}: top-level key ${describeKey(key)} without ${NEEDS_PARENT.get(key)}, skipped`);
    } else {
      ctx.warnings.push(`${shownFile}: unknown top-level key ${describeKey(key)}, skipped`);
    }
  }
}
