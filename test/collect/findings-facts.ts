// A finding as facts that do not depend on the ids an API made up: the instance and groups by
// name, the rule type, source, severity, ports, the kind of entry (IGW, CLB:80, …) and sources.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ReportedFinding {
  readonly instanceId: string;
  readonly ruleType: string;
  readonly reachabilityType: string;
  readonly severity: string;
  readonly protocol: string | null;
  readonly port: number | null;
  readonly tcpPorts: number[][] | null;
  readonly udpPorts: number[][] | null;
  readonly portGroupName: string | null;
  readonly ipVersion: number;
  readonly securityGroupIds: string[];
  readonly sources: string[];
  readonly via: { readonly type: string; readonly id: string; readonly listenerPort?: number };
  readonly listener: { readonly process?: { readonly name: string } | null } | null;
}

export interface AssessReport {
  readonly assessment: {
    readonly coverage: { resourceType: string; resourceId: string; reason: string }[];
    readonly warnings: string[];
    readonly counts: { readonly instances: { readonly running: number; readonly analysed: number } };
  };
  readonly findings: ReportedFinding[];
}

interface Named {
  readonly Tags?: { Key: string; Value: string }[];
}

/** Instance names (Name tags) and group names by id, from a snapshot's region folder. */
export function namesIn(regionFolder: string): Map<string, string> {
  const names = new Map<string, string>();
  const instances = JSON.parse(readFileSync(path.join(regionFolder, 'ec2-describe-instances.json'), 'utf8')) as {
    Reservations: { Instances: (Named & { InstanceId: string })[] }[];
  };
  for (const instance of instances.Reservations.flatMap((r) => r.Instances)) {
    names.set(instance.InstanceId, instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? instance.InstanceId);
  }
  const groups = JSON.parse(readFileSync(path.join(regionFolder, 'ec2-describe-security-groups.json'), 'utf8')) as {
    SecurityGroups: { GroupId: string; GroupName: string }[];
  };
  for (const group of groups.SecurityGroups) names.set(group.GroupId, group.GroupName);
  return names;
}

export function factsOf(findings: readonly ReportedFinding[], names: ReadonlyMap<string, string>): string[] {
  const name = (id: string): string => names.get(id) ?? `unnamed ${id}`;
  return findings
    .map((f) => {
      const ports = f.port !== null ? String(f.port) : `tcp ${JSON.stringify(f.tcpPorts)} udp ${JSON.stringify(f.udpPorts)}`;
      const via = f.via.listenerPort === undefined ? f.via.type : `${f.via.type} ${f.via.type === 'CLB' ? f.via.id : 'lb'}:${f.via.listenerPort}`;
      const groups = f.securityGroupIds.map(name).join(',');
      return [
        name(f.instanceId),
        f.ruleType,
        f.reachabilityType,
        f.severity,
        `${f.protocol ?? ''} ${ports}`,
        f.portGroupName ?? '-',
        `via ${via}`,
        `IPv${f.ipVersion}`,
        `groups ${groups}`,
        `listener ${f.listener?.process?.name ?? '-'}`,
        `from ${f.sources.join(' ')}`,
      ].join(' | ');
    })
    .sort();
}
