// ENIs and instances. An ENI can be described twice (describe-network-interfaces and inside
// describe-instances): one ENI per id, the standalone record preferred, public IPs united.
// Elastic IPs (describe-addresses) add public IPs to the ENI they are associated with.
import { compareText } from '../model/compare-text.js';
import type { CoverageNote, Instance, NetworkInterface, PublicIpAssociation } from '../model/types.js';
import type { RawAddress, RawInstance, RawInterface } from './ec2-schemas.js';
import { indexById, mergeRecords, unionInOrder } from './merge.js';
import type { Found, FoundInstance } from './raw-snapshot.js';
import { regionOfZone } from './snapshot-files.js';

interface InterfaceDefaults {
  readonly subnetId: string | null;
  readonly vpcId: string | null;
  readonly availabilityZone: string | null;
  readonly instanceId: string | null;
}

const NO_DEFAULTS: InterfaceDefaults = { subnetId: null, vpcId: null, availabilityZone: null, instanceId: null };

/** Adds `extra` unless the same public/private pair is there; an allocation id fills a gap. */
function withAssociation(list: readonly PublicIpAssociation[], extra: PublicIpAssociation): PublicIpAssociation[] {
  const at = list.findIndex((a) => a.publicIp === extra.publicIp && a.privateIp === extra.privateIp);
  if (at === -1) return [...list, extra];
  if (list[at].allocationId !== null || extra.allocationId === null) return [...list];
  return list.map((a, i) => (i === at ? extra : a));
}

function publicIpsOf(raw: RawInterface, primaryPrivateIp: string | null): PublicIpAssociation[] {
  let out: PublicIpAssociation[] = [];
  for (const p of raw.PrivateIpAddresses ?? []) {
    const publicIp = p.Association?.PublicIp;
    if (publicIp != null) {
      out = withAssociation(out, { publicIp, privateIp: p.PrivateIpAddress, allocationId: p.Association?.AllocationId ?? null });
    }
  }
  // The top-level Association is the primary private IP's.
  const top = raw.Association;
  if (top?.PublicIp != null && primaryPrivateIp !== null) {
    out = withAssociation(out, { publicIp: top.PublicIp, privateIp: primaryPrivateIp, allocationId: top.AllocationId ?? null });
  }
  return out;
}

function interfaceOf(raw: RawInterface, defaults: InterfaceDefaults): NetworkInterface | null {
  const subnetId = raw.SubnetId ?? defaults.subnetId;
  const vpcId = raw.VpcId ?? defaults.vpcId;
  if (subnetId === null || vpcId === null) return null;
  const listed = raw.PrivateIpAddresses ?? [];
  const primaryPrivateIp =
    raw.PrivateIpAddress ?? listed.find((p) => p.Primary === true)?.PrivateIpAddress ?? listed[0]?.PrivateIpAddress ?? null;
  const privateIps = unionInOrder(
    listed.map((p) => p.PrivateIpAddress),
    primaryPrivateIp !== null ? [primaryPrivateIp] : [],
  );
  return {
    id: raw.NetworkInterfaceId,
    subnetId,
    vpcId,
    availabilityZone: raw.AvailabilityZone ?? defaults.availabilityZone,
    primaryPrivateIp,
    privateIps,
    publicIps: publicIpsOf(raw, primaryPrivateIp),
    ipv6Addresses: unionInOrder((raw.Ipv6Addresses ?? []).map((a) => a.Ipv6Address), []),
    ipv4Prefixes: unionInOrder((raw.Ipv4Prefixes ?? []).map((p) => p.Ipv4Prefix), []),
    ipv6Prefixes: unionInOrder((raw.Ipv6Prefixes ?? []).map((p) => p.Ipv6Prefix), []),
    groupIds: unionInOrder((raw.Groups ?? []).map((g) => g.GroupId), []),
    // A detached interface's record may still name the instance it left.
    instanceId: raw.Attachment?.Status === 'detached' ? null : (raw.Attachment?.InstanceId ?? defaults.instanceId),
    interfaceType: raw.InterfaceType ?? 'interface',
    description: raw.Description ?? '',
    requesterManaged: raw.RequesterManaged ?? false,
  };
}

function mergeInterfaces(kept: NetworkInterface, other: NetworkInterface): NetworkInterface {
  const merged = mergeRecords(kept, other);
  return { ...merged, publicIps: other.publicIps.reduce(withAssociation, [...kept.publicIps]) };
}

/** An instance described without embedded ENIs: its primary ENI, from the instance's own fields. */
function primaryInterfaceOf(instance: RawInstance): NetworkInterface | null {
  if (instance.SubnetId == null || instance.VpcId == null) return null;
  const privateIp = instance.PrivateIpAddress ?? null;
  return {
    id: `${instance.InstanceId}:primary`,
    subnetId: instance.SubnetId,
    vpcId: instance.VpcId,
    availabilityZone: instance.Placement?.AvailabilityZone ?? null,
    primaryPrivateIp: privateIp,
    privateIps: privateIp !== null ? [privateIp] : [],
    publicIps:
      instance.PublicIpAddress != null && privateIp !== null
        ? [{ publicIp: instance.PublicIpAddress, privateIp, allocationId: null }]
        : [],
    ipv6Addresses: instance.Ipv6Address != null ? [instance.Ipv6Address] : [],
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    groupIds: unionInOrder((instance.SecurityGroups ?? []).map((g) => g.GroupId), []),
    instanceId: instance.InstanceId,
    interfaceType: 'interface',
    description: '',
    requesterManaged: false,
  };
}

interface Attached {
  readonly id: string;
  readonly deviceIndex: number;
}

function byDeviceIndex(a: Attached, b: Attached): number {
  return a.deviceIndex - b.deviceIndex || compareText(a.id, b.id);
}

export interface InterfacesAndInstances {
  readonly networkInterfaces: Map<string, NetworkInterface>;
  readonly instances: Map<string, Instance>;
}

export function buildInterfacesAndInstances(
  standaloneFound: readonly Found<RawInterface>[],
  instancesFound: readonly Found<FoundInstance>[],
  addresses: readonly Found<RawAddress>[],
  coverage: CoverageNote[],
): InterfacesAndInstances {
  const interfaces = new Map<string, NetworkInterface>();
  const attachedTo = new Map<string, Attached[]>();
  const attach = (instanceId: string, id: string, deviceIndex: number | null | undefined): void => {
    const list = attachedTo.get(instanceId) ?? [];
    if (!list.some((a) => a.id === id)) list.push({ id, deviceIndex: deviceIndex ?? Number.MAX_SAFE_INTEGER });
    attachedTo.set(instanceId, list);
  };
  // ENIs of which some copy lists its groups: without any, the groups are unknown, not none.
  const groupsListed = new Set<string>();
  const addInterface = (eni: NetworkInterface, preferExisting: boolean): void => {
    const kept = interfaces.get(eni.id);
    interfaces.set(eni.id, kept === undefined ? eni : preferExisting ? mergeInterfaces(kept, eni) : mergeInterfaces(eni, kept));
  };

  for (const { item } of standaloneFound) {
    const eni = interfaceOf(item, NO_DEFAULTS);
    if (eni === null) continue;
    if (item.Groups != null) groupsListed.add(eni.id);
    addInterface(eni, true);
    if (eni.instanceId !== null) attach(eni.instanceId, eni.id, item.Attachment?.DeviceIndex);
  }
  const standaloneIds = new Set(interfaces.keys());

  const rawInstances = new Map<string, Found<FoundInstance>>();
  for (const found of instancesFound) {
    if (!rawInstances.has(found.item.instance.InstanceId)) rawInstances.set(found.item.instance.InstanceId, found);
  }

  const instances: Instance[] = [];
  for (const { item, origin } of rawInstances.values()) {
    const raw = item.instance;
    const zone = raw.Placement?.AvailabilityZone ?? null;
    const defaults: InterfaceDefaults = {
      subnetId: raw.SubnetId ?? null,
      vpcId: raw.VpcId ?? null,
      availabilityZone: zone,
      instanceId: raw.InstanceId,
    };
    for (const embedded of raw.NetworkInterfaces ?? []) {
      const eni = interfaceOf(embedded, defaults);
      if (eni === null) {
        coverage.push({
          resourceType: 'AWS::EC2::NetworkInterface',
          resourceId: embedded.NetworkInterfaceId,
          reason: `attached to ${raw.InstanceId} but neither it nor the instance names a subnet and VPC`,
          file: origin.file,
        });
        continue;
      }
      // The standalone describe-network-interfaces record is preferred.
      if (embedded.Groups != null) groupsListed.add(eni.id);
      addInterface(eni, standaloneIds.has(eni.id));
      attach(raw.InstanceId, eni.id, embedded.Attachment?.DeviceIndex);
    }
    if (!attachedTo.has(raw.InstanceId)) {
      const primary = primaryInterfaceOf(raw);
      if (primary !== null) {
        if (raw.SecurityGroups != null) groupsListed.add(primary.id);
        addInterface(primary, true);
        attach(raw.InstanceId, primary.id, 0);
      }
    }
    const state = raw.State?.Name;
    if (state == null) {
      coverage.push({ resourceType: 'AWS::EC2::Instance', resourceId: raw.InstanceId, reason: 'its state (State) is not in the snapshot; it is analysed as if running', file: origin.file });
    }
    instances.push({
      id: raw.InstanceId,
      state: state ?? 'running',
      name: raw.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
      vpcId: raw.VpcId ?? null,
      subnetId: raw.SubnetId ?? null,
      networkInterfaceIds: (attachedTo.get(raw.InstanceId) ?? []).sort(byDeviceIndex).map((a) => a.id),
      ownerId: item.reservationOwnerId ?? origin.account,
      region: origin.region ?? regionOfZone(zone),
    });
  }

  for (const { item } of addresses) applyElasticIp(item, interfaces, attachedTo);
  for (const { item } of rawInstances.values()) applyInstancePublicIp(item.instance, interfaces, attachedTo);
  dropInterfacesWithoutGroups(interfaces, groupsListed, instances, coverage);

  return {
    networkInterfaces: indexById(interfaces.values()),
    instances: indexById(instances),
  };
}

function applyElasticIp(address: RawAddress, interfaces: Map<string, NetworkInterface>, attachedTo: Map<string, Attached[]>): void {
  const publicIp = address.PublicIp;
  if (publicIp == null) return;
  let eni = address.NetworkInterfaceId != null ? interfaces.get(address.NetworkInterfaceId) : undefined;
  if (eni === undefined && address.InstanceId != null) {
    // An EIP listed by instance only: the instance's ENI holding that private IP (else its primary).
    const candidates = (attachedTo.get(address.InstanceId) ?? []).flatMap((a) => interfaces.get(a.id) ?? []);
    const privateIp = address.PrivateIpAddress;
    eni = privateIp != null ? candidates.find((c) => c.privateIps.includes(privateIp)) : candidates[0];
  }
  if (eni === undefined) return;
  const privateIp = address.PrivateIpAddress ?? eni.primaryPrivateIp;
  if (privateIp === null) return;
  interfaces.set(eni.id, {
    ...eni,
    publicIps: withAssociation(eni.publicIps, { publicIp, privateIp, allocationId: address.AllocationId ?? null }),
  });
}

/**
 * An instance's ENI of which no copy lists its security groups (a trimmed or hand-made file; AWS
 * always writes Groups): its groups are unknown, so it is not analysed, and the coverage says so
 * (an empty list would read as "admits nothing", i.e. as safe).
 */
function dropInterfacesWithoutGroups(interfaces: Map<string, NetworkInterface>, groupsListed: ReadonlySet<string>, instances: Instance[], coverage: CoverageNote[]): void {
  const dropped = new Set<string>();
  for (const eni of interfaces.values()) {
    if (eni.instanceId === null || groupsListed.has(eni.id)) continue;
    dropped.add(eni.id);
    coverage.push({ resourceType: 'AWS::EC2::NetworkInterface', resourceId: eni.id, reason: `its security groups (Groups) are not in the snapshot; what reaches it on ${eni.instanceId} is not analysed`, file: null });
  }
  if (dropped.size === 0) return;
  for (const id of dropped) interfaces.delete(id);
  for (const [i, instance] of instances.entries()) {
    if (instance.networkInterfaceIds.some((id) => dropped.has(id))) {
      instances[i] = { ...instance, networkInterfaceIds: instance.networkInterfaceIds.filter((id) => !dropped.has(id)) };
    }
  }
}

/**
 * describe-instances' PublicIpAddress is the primary interface's public IPv4. When no copy of that
 * interface carries the association (records of different moments), it is added: a public address
 * the snapshot shows must not be dropped.
 */
function applyInstancePublicIp(instance: RawInstance, interfaces: Map<string, NetworkInterface>, attachedTo: Map<string, Attached[]>): void {
  const publicIp = instance.PublicIpAddress;
  if (publicIp == null) return;
  const attached = [...(attachedTo.get(instance.InstanceId) ?? [])].sort(byDeviceIndex);
  if (attached.some((a) => interfaces.get(a.id)?.publicIps.some((p) => p.publicIp === publicIp) === true)) return;
  const primary = attached[0] === undefined ? undefined : interfaces.get(attached[0].id);
  const privateIp = instance.PrivateIpAddress ?? primary?.primaryPrivateIp ?? null;
  if (primary === undefined || privateIp === null || !primary.privateIps.includes(privateIp)) return;
  interfaces.set(primary.id, { ...primary, publicIps: withAssociation(primary.publicIps, { publicIp, privateIp, allocationId: null }) });
}
