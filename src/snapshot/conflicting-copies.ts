// One resource described differently in two files: two collections at different times in one
// folder, or an edited copy beside the original. The copies are merged (merge.ts: the first file
// by path wins, lists of ids are united), which is one guess among several, so each disagreement
// on something the analysis reads is a coverage note naming both files. Names, tags, descriptions
// and fields one copy simply lacks are not disagreements: multi-account data legitimately
// repeats a resource with other tags, and describe-instances' ENIs carry fewer fields than
// describe-network-interfaces'.
import type { CoverageNote } from '../model/types.js';
import type { RawInterface, RawNaclEntry, RawRoute } from './ec2-schemas.js';
import type { Found, RawSnapshot } from './raw-snapshot.js';
import { GONE_ASSOCIATION } from './route-table-model.js';
import { rulesOf } from './security-group-model.js';
import { isAssociated } from './vpc-model.js';

/** How the merged record takes a field: from the first copy, or as the union of all copies. */
type Taken = 'first' | 'united';

/** A field the analysis reads, in a form where equal meaning is equal text; undefined when the copy lacks it. */
interface Fact {
  readonly text: string | undefined;
  readonly taken: Taken;
}

type Facts = Readonly<Record<string, Fact>>;

interface Kind<T> {
  readonly resourceType: string;
  readonly found: readonly Found<T>[];
  readonly idOf: (item: T) => string;
  readonly factsOf: (item: T) => Facts;
}

const first = (text: string | undefined): Fact => ({ text, taken: 'first' });
const united = (text: string | undefined): Fact => ({ text, taken: 'united' });

/** A list as text, independent of the order AWS happened to list it in. */
function setText<T>(items: readonly T[] | null | undefined, textOf: (item: T) => string): string | undefined {
  return items == null ? undefined : JSON.stringify([...new Set(items.map(textOf))].sort());
}

function routeFact(r: RawRoute): string {
  const { DestinationCidrBlock, DestinationIpv6CidrBlock, DestinationPrefixListId, Origin, ...targets } = r;
  return JSON.stringify([DestinationCidrBlock, DestinationIpv6CidrBlock, DestinationPrefixListId, Object.entries(targets).filter(([, v]) => v != null).sort()]);
}

function naclEntryFact(e: RawNaclEntry): string {
  return JSON.stringify([e.Egress, e.RuleNumber, e.RuleAction, e.Protocol, e.CidrBlock, e.Ipv6CidrBlock, e.PortRange?.From, e.PortRange?.To]);
}

/** A group's rules as the analysis reads them: descriptions left out. */
function rulesText(permissions: Parameters<typeof rulesOf>[0]): string | undefined {
  return permissions == null ? undefined : setText(rulesOf(permissions), ({ description: _, ...rule }) => JSON.stringify(rule));
}

function interfaceFacts(eni: RawInterface): Facts {
  return {
    SubnetId: first(eni.SubnetId ?? undefined),
    PrivateIpAddresses: united(setText(eni.PrivateIpAddresses, (a) => a.PrivateIpAddress)),
    Groups: united(setText(eni.Groups, (g) => g.GroupId)),
    Ipv6Addresses: united(setText(eni.Ipv6Addresses, (a) => a.Ipv6Address)),
  };
}

/**
 * The ENIs of describe-network-interfaces and those embedded in each instance's first copy (the
 * one used; later copies of an instance are compared as instances).
 */
function interfacesFound(raw: RawSnapshot): Found<RawInterface>[] {
  const seen = new Set<string>();
  const embedded: Found<RawInterface>[] = [];
  for (const { item, origin } of raw.instances) {
    if (seen.has(item.instance.InstanceId)) continue;
    seen.add(item.instance.InstanceId);
    for (const eni of item.instance.NetworkInterfaces ?? []) embedded.push({ item: eni, origin });
  }
  return [...raw.networkInterfaces, ...embedded];
}

/** An embedded ENI as the instance's copy tells it. */
function embeddedText(eni: RawInterface): string {
  const facts = interfaceFacts(eni);
  return JSON.stringify([eni.NetworkInterfaceId, ...Object.values(facts).map((f) => f.text ?? null)]);
}

/** The check of one kind, typed by its records. */
function check<T>(kind: Kind<T>): (notes: CoverageNote[]) => void {
  return (notes) => kindConflicts(kind, notes);
}

function checks(raw: RawSnapshot): ((notes: CoverageNote[]) => void)[] {
  return [
    check({
      resourceType: 'AWS::EC2::SecurityGroup',
      found: raw.securityGroups,
      idOf: (g) => g.GroupId,
      factsOf: (g) => ({
        VpcId: first(g.VpcId ?? undefined),
        IpPermissions: first(rulesText(g.IpPermissions)),
        IpPermissionsEgress: first(rulesText(g.IpPermissionsEgress)),
      }),
    }),
    check({
      resourceType: 'AWS::EC2::NetworkAcl',
      found: raw.networkAcls,
      idOf: (n) => n.NetworkAclId,
      factsOf: (n) => ({
        Entries: first(setText(n.Entries, naclEntryFact)),
        Associations: united(setText(n.Associations, (a) => a.SubnetId ?? '')),
      }),
    }),
    check({
      resourceType: 'AWS::EC2::RouteTable',
      found: raw.routeTables,
      idOf: (t) => t.RouteTableId,
      factsOf: (t) => ({
        Routes: first(setText(t.Routes, routeFact)),
        Associations: united(
          setText(
            t.Associations?.filter((a) => !GONE_ASSOCIATION.has(a.AssociationState?.State ?? '')),
            (a) => JSON.stringify([a.Main === true, a.SubnetId ?? null, a.GatewayId ?? null]),
          ),
        ),
      }),
    }),
    check({
      resourceType: 'AWS::EC2::VPC',
      found: raw.vpcs,
      idOf: (v) => v.VpcId,
      factsOf: (v) => ({
        CidrBlockAssociationSet: united(
          setText(
            v.CidrBlockAssociationSet?.filter((a) => isAssociated(a.CidrBlockState)),
            (a) => a.CidrBlock,
          ),
        ),
      }),
    }),
    check({
      resourceType: 'AWS::EC2::Subnet',
      found: raw.subnets,
      idOf: (s) => s.SubnetId,
      factsOf: (s) => ({ VpcId: first(s.VpcId), CidrBlock: first(s.CidrBlock ?? undefined) }),
    }),
    check({
      resourceType: 'AWS::EC2::Instance',
      found: raw.instances,
      idOf: (i) => i.instance.InstanceId,
      factsOf: ({ instance: i }) => ({
        State: first(i.State?.Name ?? undefined),
        SubnetId: first(i.SubnetId ?? undefined),
        NetworkInterfaces: first(setText(i.NetworkInterfaces, embeddedText)),
      }),
    }),
    check({ resourceType: 'AWS::EC2::NetworkInterface', found: interfacesFound(raw), idOf: (e) => e.NetworkInterfaceId, factsOf: interfaceFacts }),
    check({
      resourceType: 'AWS::EC2::VPCPeeringConnection',
      found: raw.peeringConnections,
      idOf: (p) => p.VpcPeeringConnectionId,
      factsOf: (p) => ({ Status: first(p.Status?.Code ?? undefined) }),
    }),
  ];
}

function disagreement(fields: readonly [string, Taken][], kept: string, other: string): string {
  const how = fields.map(([field, taken]) => `${field} (${taken === 'first' ? `${kept}'s is used` : 'the union is used'})`);
  return `its copies in ${kept} and ${other} disagree on ${how.join(', ')}`;
}

/** The reading of one field the merged record takes: the first copy that has the field. */
interface Reading {
  readonly text: string;
  readonly taken: Taken;
  readonly file: string;
}

function kindConflicts<T>(kind: Kind<T>, notes: CoverageNote[]): void {
  // Most resources have one copy: facts are worked out only for ids seen twice.
  const firstCopy = new Map<string, Found<T>>();
  const readings = new Map<string, Map<string, Reading>>();
  const read = (into: Map<string, Reading>, found: Found<T>): Map<string, [string, Taken][]> => {
    const differing = new Map<string, [string, Taken][]>();
    for (const [field, fact] of Object.entries(kind.factsOf(found.item))) {
      if (fact.text === undefined) continue;
      const used = into.get(field);
      if (used === undefined) into.set(field, { text: fact.text, taken: fact.taken, file: found.origin.file });
      else if (used.text !== fact.text) differing.set(used.file, [...(differing.get(used.file) ?? []), [field, used.taken]]);
    }
    return differing;
  };
  for (const found of kind.found) {
    const id = kind.idOf(found.item);
    const first = firstCopy.get(id);
    if (first === undefined) {
      firstCopy.set(id, found);
      continue;
    }
    let used = readings.get(id);
    if (used === undefined) {
      used = new Map();
      readings.set(id, used);
      read(used, first);
    }
    for (const [keptFile, fields] of read(used, found)) {
      notes.push({ resourceType: kind.resourceType, resourceId: id, reason: disagreement(fields, keptFile, found.origin.file), file: found.origin.file });
    }
  }
}

/** A coverage note for each resource whose copies disagree on what the analysis reads. */
export function conflictingCopies(raw: RawSnapshot): CoverageNote[] {
  const notes: CoverageNote[] = [];
  for (const run of checks(raw)) run(notes);
  return notes;
}
