// The calls of one account and region (SPEC §1's table), each written as the AWS CLI would print
// it: pages joined under the call's key. Per-parent calls follow their parents' results and carry
// the parent's id. A failed call is recorded and the rest go on.
import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectGatewayAssociation,
} from '@aws-sdk/client-direct-connect';
import {
  DescribeAddressesCommand,
  DescribeCustomerGatewaysCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
} from '@aws-sdk/client-ec2';
import { paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers } from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { callErrorOf } from './call-error.js';
import { fileStemOf, type AccountCallName, type PerParentCallName, type RegionCallName } from './calls.js';
import type { RegionClients } from './clients.js';
import type { Limiter } from './limiter.js';
import type { CallRecord } from './manifest.js';
import type { Progress } from './progress.js';
import { parentFileName, type SnapshotWriter } from './snapshot-writer.js';

export interface RegionRun {
  readonly account: string;
  readonly region: string;
  readonly clients: RegionClients;
  readonly limiter: Limiter;
  readonly writer: SnapshotWriter;
  readonly progress: Progress;
  readonly record: (call: CallRecord) => void;
}

/** Every page of a paginated call, each request waiting for a free slot. */
async function allPages<P>(run: RegionRun, pages: AsyncIterable<P>): Promise<P[]> {
  const iterator = pages[Symbol.asyncIterator]();
  const all: P[] = [];
  for (;;) {
    const next = await run.limiter.run(() => iterator.next());
    if (next.done === true) return all;
    all.push(next.value);
  }
}

function onePage<P>(run: RegionRun, send: () => Promise<P>): Promise<P[]> {
  return run.limiter.run(send).then((page) => [page]);
}

/** Runs one call; its document is written and recorded, or its error recorded. Null on error. */
async function runCall<D extends object>(
  run: RegionRun,
  call: RegionCallName | AccountCallName | PerParentCallName,
  parent: string | undefined,
  fetch: () => Promise<{ doc: D; items: number }>,
): Promise<D | null> {
  const stem = fileStemOf(call);
  const file = `${run.account}/${run.region}/${parent === undefined ? stem : `${stem}/${parentFileName(parent)}`}.json`;
  const scope = { account: run.account, region: run.region, call, ...(parent === undefined ? {} : { parent }) };
  run.progress.callStarted();
  let fetched: { doc: D; items: number };
  try {
    fetched = await fetch();
  } catch (error) {
    run.record({ ...scope, status: 'error', error: callErrorOf(error), items: 0 });
    run.progress.callFinished(0, true);
    return null;
  }
  await run.writer.write(file, fetched.doc);
  run.record({ ...scope, status: 'ok', file, items: fetched.items });
  run.progress.callFinished(fetched.items, false);
  return fetched.doc;
}

/** A whole-region call: `{key: [items of every page]}`, as `aws <service> <call>` prints it. */
async function regionList<P, T>(
  run: RegionRun,
  call: RegionCallName | AccountCallName,
  key: string,
  pages: () => Promise<P[]>,
  items: (page: P) => readonly T[] | undefined,
  count: (all: readonly T[]) => number = (all) => all.length,
): Promise<readonly T[] | null> {
  const doc = await runCall(run, call, undefined, async () => {
    const all = (await pages()).flatMap((page) => items(page) ?? []);
    const doc: Record<string, readonly T[]> = { [key]: all };
    return { doc, items: count(all) };
  });
  return doc === null ? null : doc[key];
}

function eachParent<T>(parents: readonly T[] | null, work: (parent: T) => Promise<unknown>): Promise<unknown> {
  return Promise.all((parents ?? []).map(work));
}

function ec2Calls(run: RegionRun): Promise<unknown>[] {
  const client = run.clients.ec2;
  const list = <P, T>(call: RegionCallName, key: string, pages: () => Promise<P[]>, items: (page: P) => readonly T[] | undefined) =>
    regionList(run, call, key, pages, items);
  return [
    list('ec2:DescribeVpcs', 'Vpcs', () => allPages(run, paginateDescribeVpcs({ client }, {})), (p) => p.Vpcs),
    list('ec2:DescribeSubnets', 'Subnets', () => allPages(run, paginateDescribeSubnets({ client }, {})), (p) => p.Subnets),
    list('ec2:DescribeRouteTables', 'RouteTables', () => allPages(run, paginateDescribeRouteTables({ client }, {})), (p) => p.RouteTables),
    list(
      'ec2:DescribeInternetGateways',
      'InternetGateways',
      () => allPages(run, paginateDescribeInternetGateways({ client }, {})),
      (p) => p.InternetGateways,
    ),
    list(
      'ec2:DescribeEgressOnlyInternetGateways',
      'EgressOnlyInternetGateways',
      () => allPages(run, paginateDescribeEgressOnlyInternetGateways({ client }, {})),
      (p) => p.EgressOnlyInternetGateways,
    ),
    list('ec2:DescribeNetworkAcls', 'NetworkAcls', () => allPages(run, paginateDescribeNetworkAcls({ client }, {})), (p) => p.NetworkAcls),
    list(
      'ec2:DescribeSecurityGroups',
      'SecurityGroups',
      () => allPages(run, paginateDescribeSecurityGroups({ client }, {})),
      (p) => p.SecurityGroups,
    ),
    list(
      'ec2:DescribeNetworkInterfaces',
      'NetworkInterfaces',
      () => allPages(run, paginateDescribeNetworkInterfaces({ client }, {})),
      (p) => p.NetworkInterfaces,
    ),
    list('ec2:DescribeAddresses', 'Addresses', () => onePage(run, () => client.send(new DescribeAddressesCommand({}))), (p) => p.Addresses),
    list('ec2:DescribeNatGateways', 'NatGateways', () => allPages(run, paginateDescribeNatGateways({ client }, {})), (p) => p.NatGateways),
    list('ec2:DescribeVpcEndpoints', 'VpcEndpoints', () => allPages(run, paginateDescribeVpcEndpoints({ client }, {})), (p) => p.VpcEndpoints),
    list(
      'ec2:DescribeVpcPeeringConnections',
      'VpcPeeringConnections',
      () => allPages(run, paginateDescribeVpcPeeringConnections({ client }, {})),
      (p) => p.VpcPeeringConnections,
    ),
    list('ec2:DescribeVpnGateways', 'VpnGateways', () => onePage(run, () => client.send(new DescribeVpnGatewaysCommand({}))), (p) => p.VpnGateways).then(
      (gateways) => eachParent(gateways, ({ VpnGatewayId: id }) => (id === undefined ? Promise.resolve() : directConnectAssociations(run, { virtualGatewayId: id }, id))),
    ),
    list(
      'ec2:DescribeVpnConnections',
      'VpnConnections',
      () => onePage(run, () => client.send(new DescribeVpnConnectionsCommand({}))),
      // CustomerGatewayConfiguration holds the tunnels' pre-shared keys: never written to the snapshot.
      (p) => p.VpnConnections?.map(({ CustomerGatewayConfiguration: _secret, ...connection }) => connection),
    ),
    list(
      'ec2:DescribeCustomerGateways',
      'CustomerGateways',
      () => onePage(run, () => client.send(new DescribeCustomerGatewaysCommand({}))),
      (p) => p.CustomerGateways,
    ),
    list(
      'ec2:DescribeTransitGateways',
      'TransitGateways',
      () => allPages(run, paginateDescribeTransitGateways({ client }, {})),
      (p) => p.TransitGateways,
    ),
    list(
      'ec2:DescribeTransitGatewayAttachments',
      'TransitGatewayAttachments',
      () => allPages(run, paginateDescribeTransitGatewayAttachments({ client }, {})),
      (p) => p.TransitGatewayAttachments,
    ),
    list(
      'ec2:DescribeTransitGatewayVpcAttachments',
      'TransitGatewayVpcAttachments',
      () => allPages(run, paginateDescribeTransitGatewayVpcAttachments({ client }, {})),
      (p) => p.TransitGatewayVpcAttachments,
    ),
    list(
      'ec2:DescribeTransitGatewayRouteTables',
      'TransitGatewayRouteTables',
      () => allPages(run, paginateDescribeTransitGatewayRouteTables({ client }, {})),
      (p) => p.TransitGatewayRouteTables,
    ).then((tables) =>
      eachParent(tables, async (table) => {
        const tableId = table.TransitGatewayRouteTableId;
        if (tableId === undefined) return;
        await Promise.all([transitGatewayRoutes(run, tableId), transitGatewayPropagations(run, tableId)]);
      }),
    ),
    list(
      'ec2:DescribeManagedPrefixLists',
      'PrefixLists',
      () => allPages(run, paginateDescribeManagedPrefixLists({ client }, {})),
      (p) => p.PrefixLists,
    ).then((lists) =>
      eachParent(lists, async ({ PrefixListId: id }) => {
        if (id === undefined) return;
        await runCall(run, 'ec2:GetManagedPrefixListEntries', id, async () => {
          const pages = await allPages(run, paginateGetManagedPrefixListEntries({ client }, { PrefixListId: id }));
          const entries = pages.flatMap((p) => p.Entries ?? []);
          return { doc: { PrefixListId: id, Entries: entries }, items: entries.length };
        });
      }),
    ),
    // Counted by instance: a reservation holds every instance one RunInstances call launched.
    regionList(
      run,
      'ec2:DescribeInstances',
      'Reservations',
      () => allPages(run, paginateDescribeInstances({ client }, {})),
      (p) => p.Reservations,
      (reservations) => reservations.reduce((sum, r) => sum + (r.Instances?.length ?? 0), 0),
    ),
  ];
}

// Routes in every state but deleted ones; the search needs a filter.
const LIVE_ROUTE_STATES = ['active', 'blackhole'];

function transitGatewayRoutes(run: RegionRun, tableId: string): Promise<unknown> {
  return runCall(run, 'ec2:SearchTransitGatewayRoutes', tableId, async () => {
    const pages = await allPages(
      run,
      paginateSearchTransitGatewayRoutes(
        { client: run.clients.ec2 },
        { TransitGatewayRouteTableId: tableId, Filters: [{ Name: 'state', Values: LIVE_ROUTE_STATES }] },
      ),
    );
    const routes = pages.flatMap((p) => p.Routes ?? []);
    const more = pages.at(-1)?.AdditionalRoutesAvailable;
    return {
      doc: { TransitGatewayRouteTableId: tableId, Routes: routes, ...(more === undefined ? {} : { AdditionalRoutesAvailable: more }) },
      items: routes.length,
    };
  });
}

/** The aggregate form (SPEC §1): the API's own output does not name the table. */
function transitGatewayPropagations(run: RegionRun, tableId: string): Promise<unknown> {
  return runCall(run, 'ec2:GetTransitGatewayRouteTablePropagations', tableId, async () => {
    const pages = await allPages(
      run,
      paginateGetTransitGatewayRouteTablePropagations({ client: run.clients.ec2 }, { TransitGatewayRouteTableId: tableId }),
    );
    const propagations = pages.flatMap((p) => p.TransitGatewayRouteTablePropagations ?? []);
    return {
      doc: { TransitGatewayPropagations: [{ TransitGatewayRouteTableId: tableId, TransitGatewayRouteTablePropagations: propagations }] },
      items: propagations.length,
    };
  });
}

function classicLoadBalancerCalls(run: RegionRun): Promise<unknown> {
  return regionList(
    run,
    'elb:DescribeLoadBalancers',
    'LoadBalancerDescriptions',
    () => allPages(run, paginateDescribeClassicLoadBalancers({ client: run.clients.elb }, {})),
    (p) => p.LoadBalancerDescriptions,
  );
}

function loadBalancerV2Calls(run: RegionRun): Promise<unknown>[] {
  const client = run.clients.elbv2;
  const balancers = regionList(
    run,
    'elbv2:DescribeLoadBalancers',
    'LoadBalancers',
    () => allPages(run, paginateDescribeLoadBalancers({ client }, {})),
    (p) => p.LoadBalancers,
  ).then((lbs) =>
    eachParent(lbs, async ({ LoadBalancerArn: arn }) => {
      if (arn === undefined) return;
      await Promise.all([listenersAndRules(run, arn), loadBalancerAttributes(run, arn)]);
    }),
  );
  const targetGroups = regionList(
    run,
    'elbv2:DescribeTargetGroups',
    'TargetGroups',
    () => allPages(run, paginateDescribeTargetGroups({ client }, {})),
    (p) => p.TargetGroups,
  ).then((groups) =>
    eachParent(groups, async ({ TargetGroupArn: arn }) => {
      if (arn === undefined) return;
      await Promise.all([
        runCall(run, 'elbv2:DescribeTargetHealth', arn, async () => {
          const page = await run.limiter.run(() => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })));
          const health = page.TargetHealthDescriptions ?? [];
          return { doc: { TargetGroupArn: arn, TargetHealthDescriptions: health }, items: health.length };
        }),
        runCall(run, 'elbv2:DescribeTargetGroupAttributes', arn, async () => {
          const page = await run.limiter.run(() => client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })));
          const attributes = page.Attributes ?? [];
          return { doc: { TargetGroupArn: arn, Attributes: attributes }, items: attributes.length };
        }),
      ]);
    }),
  );
  return [balancers, targetGroups];
}

/**
 * Listeners in the aggregate form `{LoadBalancerListeners: [{LoadBalancerArn, Listeners}]}`:
 * describe-listeners' own output cannot say "this load balancer has none". Rules per listener
 * as describe-rules prints them (each rule's ARN names its listener).
 */
async function listenersAndRules(run: RegionRun, loadBalancerArn: string): Promise<void> {
  const client = run.clients.elbv2;
  const doc = await runCall(run, 'elbv2:DescribeListeners', loadBalancerArn, async () => {
    const pages = await allPages(run, paginateDescribeListeners({ client }, { LoadBalancerArn: loadBalancerArn }));
    const listeners = pages.flatMap((p) => p.Listeners ?? []);
    return { doc: { LoadBalancerListeners: [{ LoadBalancerArn: loadBalancerArn, Listeners: listeners }] }, items: listeners.length };
  });
  const listeners = doc?.LoadBalancerListeners[0].Listeners ?? [];
  await Promise.all(
    listeners.map(async ({ ListenerArn: listenerArn }) => {
      if (listenerArn === undefined) return;
      await runCall(run, 'elbv2:DescribeRules', listenerArn, async () => {
        const pages = await allPages(run, paginateDescribeRules({ client }, { ListenerArn: listenerArn }));
        const rules = pages.flatMap((p) => p.Rules ?? []);
        return { doc: { Rules: rules }, items: rules.length };
      });
    }),
  );
}

function loadBalancerAttributes(run: RegionRun, loadBalancerArn: string): Promise<unknown> {
  return runCall(run, 'elbv2:DescribeLoadBalancerAttributes', loadBalancerArn, async () => {
    const page = await run.limiter.run(() =>
      run.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: loadBalancerArn })),
    );
    const attributes = page.Attributes ?? [];
    return { doc: { LoadBalancerArn: loadBalancerArn, Attributes: attributes }, items: attributes.length };
  });
}

function directConnectRegionCalls(run: RegionRun): Promise<unknown> {
  return regionList(
    run,
    'directconnect:DescribeVirtualInterfaces',
    'virtualInterfaces',
    () => tokenPages(run, (nextToken) => run.clients.directconnect.send(new DescribeVirtualInterfacesCommand({ nextToken }))),
    (p) => p.virtualInterfaces,
  );
}

/** Direct Connect gateways are global: listed once per account, with each one's associations. */
export async function directConnectAccountCalls(run: RegionRun): Promise<void> {
  const gateways = await regionList(
    run,
    'directconnect:DescribeDirectConnectGateways',
    'directConnectGateways',
    () => tokenPages(run, (nextToken) => run.clients.directconnect.send(new DescribeDirectConnectGatewaysCommand({ nextToken }))),
    (p) => p.directConnectGateways,
  );
  await eachParent(gateways, ({ directConnectGatewayId: id }) =>
    id === undefined ? Promise.resolve() : directConnectAssociations(run, { directConnectGatewayId: id }, id),
  );
}

/**
 * Direct Connect gateway associations, asked by either side: per Direct Connect gateway the
 * account owns, and per VGW of the region, since the Direct Connect gateway of a VGW's
 * association often belongs to another (network) account, which the first listing never sees.
 * An association found both ways is read once.
 */
function directConnectAssociations(
  run: RegionRun,
  by: { directConnectGatewayId: string } | { virtualGatewayId: string },
  parent: string,
): Promise<unknown> {
  return runCall(run, 'directconnect:DescribeDirectConnectGatewayAssociations', parent, async () => {
    const pages = await tokenPages(run, (nextToken) =>
      run.clients.directconnect.send(new DescribeDirectConnectGatewayAssociationsCommand({ ...by, nextToken })),
    );
    const associations: DirectConnectGatewayAssociation[] = pages.flatMap((p) => p.directConnectGatewayAssociations ?? []);
    return { doc: { directConnectGatewayAssociations: associations }, items: associations.length };
  });
}

/** Direct Connect has no paginators: follow nextToken by hand. */
async function tokenPages<P extends { nextToken?: string }>(run: RegionRun, send: (nextToken: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const sent = token;
    const page = await run.limiter.run(() => send(sent));
    pages.push(page);
    token = page.nextToken === '' ? undefined : page.nextToken;
    if (token !== undefined && token === sent) throw new Error(`the same nextToken came back twice ("${token}"): pagination stopped`);
  } while (token !== undefined);
  return pages;
}

/** Every call of one account and region; resolves when all have finished, failed ones included. */
export async function collectRegion(run: RegionRun): Promise<void> {
  await Promise.all([...ec2Calls(run), classicLoadBalancerCalls(run), ...loadBalancerV2Calls(run), directConnectRegionCalls(run)]);
}
