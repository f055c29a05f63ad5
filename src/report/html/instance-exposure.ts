// Per-instance exposure: for each instance with findings, which ports are reachable from where,
// one row per kind of sender and entry point, with the services and the worst severity there.
import type { PortRange } from '../../model/types.js';
import type { Finding } from '../../findings/finding.js';
import { mergePortRanges } from '../../findings/build.js';
import { compareSeverity } from '../../findings/severity.js';
import { rangeText } from '../../findings/wording.js';
import { compareText } from '../../model/compare-text.js';
import type { AssessedInstance } from '../assessment.js';
import { joinedInChunks, text } from './markup.js';
import { reachabilityLabel, viaLabel } from './finding-labels.js';

interface Exposure {
  readonly from: string;
  readonly via: string;
  readonly tcp: PortRange[];
  readonly udp: PortRange[];
  readonly services: Set<string>;
  readonly findings: Finding[];
}

function rangesOf(f: Finding, protocol: 'tcp' | 'udp'): PortRange[] {
  const own = protocol === 'tcp' ? f.tcpPorts : f.udpPorts;
  if (own !== null) return [...own];
  return f.protocol === protocol && f.port !== null ? [[f.port, f.port]] : [];
}

function exposuresOf(findings: readonly Finding[]): Exposure[] {
  const byEntry = new Map<string, Exposure>();
  for (const f of findings) {
    const key = `${reachabilityLabel(f)}\u0000${viaLabel(f.via)}`;
    let exposure = byEntry.get(key);
    if (exposure === undefined) {
      exposure = { from: reachabilityLabel(f), via: viaLabel(f.via), tcp: [], udp: [], services: new Set(), findings: [] };
      byEntry.set(key, exposure);
    }
    exposure.tcp.push(...rangesOf(f, 'tcp'));
    exposure.udp.push(...rangesOf(f, 'udp'));
    if (f.portGroupName !== null) exposure.services.add(f.portGroupName);
    exposure.findings.push(f);
  }
  return [...byEntry.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.via, b.via));
}

function portsText(ranges: readonly PortRange[]): string {
  const merged = mergePortRanges(ranges);
  return merged.length === 0 ? '<span class="muted">none</span>' : text(merged.map(rangeText).join(', '));
}

function exposureRow(e: Exposure): string {
  const worst = [...e.findings].sort((a, b) => compareSeverity(a.severity, b.severity))[0]!.severity;
  const services = [...e.services].sort(compareText).join(', ');
  return (
    `<tr><td>${text(e.from)}</td><td><span class="id">${text(e.via)}</span></td>` +
    `<td class="ports">${portsText(e.tcp)}</td><td class="ports">${portsText(e.udp)}</td>` +
    `<td>${text(services)}</td><td><span class="sev sev-${worst.toLowerCase()}">${worst}</span></td><td class="num">${e.findings.length}</td></tr>`
  );
}

function where(instance: AssessedInstance): string {
  const parts = [instance.accountId, instance.region, instance.vpcId, instance.subnetId].filter((p): p is string => p !== null);
  return parts.map((p) => `<span class="id">${text(p)}</span>`).join(' · ');
}

function instanceBlock(instance: AssessedInstance, findings: readonly Finding[]): string {
  const name = instance.name === null || instance.name === '' ? '' : ` <span class="name">${text(instance.name)}</span>`;
  return (
    `<section class="instance" aria-label="Instance ${text(instance.instanceId)}">` +
    `<h3><span class="id">${text(instance.instanceId)}</span>${name}</h3><p class="where">${where(instance)}</p>` +
    `<table class="exposure"><thead><tr><th scope="col">Reachable from</th><th scope="col">Via</th><th scope="col">TCP ports</th>` +
    `<th scope="col">UDP ports</th><th scope="col">Services</th><th scope="col">Worst</th><th scope="col">Findings</th></tr></thead>` +
    `<tbody>${exposuresOf(findings).map(exposureRow).join('')}</tbody></table></section>`
  );
}

/** One block per instance the findings name, in the assessment's order (by id), a batch at a time. */
export function* instanceExposure(instances: readonly AssessedInstance[], findings: readonly Finding[]): Generator<string> {
  if (instances.length === 0) {
    yield '<p class="muted">No instance has findings at or above the minimum severity.</p>';
    return;
  }
  const byInstance = new Map<string, Finding[]>();
  for (const f of findings) (byInstance.get(f.instanceId) ?? byInstance.set(f.instanceId, []).get(f.instanceId)!).push(f);
  // A block is a few hundred bytes to a few KiB.
  yield* joinedInChunks(instances, (i) => instanceBlock(i, byInstance.get(i.instanceId) ?? []), '', 512);
}
