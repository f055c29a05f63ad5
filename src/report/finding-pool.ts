// One copy of what recurs among findings read back from reports. Path steps with their rule
// texts, source lists, group lists and port ranges recur in thousands of findings of one report,
// and a finding that a change left alone is the same in both reports of a diff, texts and all.
// Read as they are, each is a copy of its own: the large estate's report (169,697 findings) held
// 803 MB of heap once read, about what its file takes on disk.
import { REACHABILITY_TYPES, type PathStep, type Via } from '../engine/types.js';
import { TRANSPORTS } from '../engine/protocols.js';
import { RULE_TYPES, type Finding } from '../findings/finding.js';
import { SEVERITIES } from '../findings/severity.js';
import type { PortRange } from '../model/types.js';
import { keptFor } from '../engine/answer-memo.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The text among `candidates` that equals `value`, else `value`: comparing a few short texts (a
 * severity with the four, an id with the path's) costs less than a lookup.
 */
function sameAs<T extends string | null>(value: T, candidates: readonly string[]): T {
  return value === null ? value : ((candidates.find((c) => c === value) as T | undefined) ?? value);
}

export class FindingPool {
  /** Steps by component id and rule (a transit gateway route table has a rule per destination), then type. */
  private readonly steps = new Map<string, Map<string | undefined, PathStep[]>>();
  /** Lists, port ranges and vias by their kind and JSON, which no two different values share. */
  private readonly values = new Map<string, unknown>();
  /**
   * The first finding read under each id. Texts a finding has alone in its report (its id, title,
   * description and recommendation) are shared only with the finding of the same id in the other
   * report, compared there: a map of every text would cost more time than it saves memory.
   */
  private readonly byId = new Map<string, Finding>();

  private value<T>(kind: string, value: T): T {
    return keptFor(this.values, `${kind}${JSON.stringify(value)}`, () => value) as T;
  }

  private step(step: PathStep): PathStep {
    const ofComponent = keptFor(this.steps, step.componentId, () => new Map<string | undefined, PathStep[]>());
    const alike = keptFor(ofComponent, step.rule, () => []);
    const kept = alike.find((s) => s.componentType === step.componentType);
    if (kept !== undefined) return kept;
    alike.push(step);
    return step;
  }

  /**
   * The finding, its parts replaced by equal ones read before: in place, since it is the reader's
   * own fresh copy. Every field keeps its value.
   */
  share(finding: Finding): Finding {
    const f = finding as Writable<Finding>;
    const twin = this.byId.get(f.id);
    if (twin === undefined) {
      this.byId.set(f.id, f);
    } else {
      f.id = twin.id;
      f.title = sameAs(f.title, [twin.title]);
      f.description = sameAs(f.description, [twin.description]);
      f.recommendation = sameAs(f.recommendation, [twin.recommendation]);
      f.vpcId = sameAs(f.vpcId, [twin.vpcId]);
      f.subnetId = sameAs(f.subnetId, [twin.subnetId]);
    }
    f.ruleType = sameAs(f.ruleType, RULE_TYPES);
    f.reachabilityType = sameAs(f.reachabilityType, REACHABILITY_TYPES);
    f.severity = sameAs(f.severity, SEVERITIES);
    if (f.protocol !== null) f.protocol = sameAs(f.protocol, TRANSPORTS);
    const path = f.networkPath as PathStep[];
    for (let i = 0; i < path.length; i++) path[i] = this.step(path[i]!);
    // The instance, its interface and its ACL are steps of the path, whose ids are now shared.
    const pathIds = path.map((step) => step.componentId);
    f.instanceId = sameAs(f.instanceId, pathIds);
    f.networkInterfaceId = sameAs(f.networkInterfaceId, pathIds);
    f.aclId = sameAs(f.aclId, pathIds);
    f.securityGroupIds = this.value('groups', f.securityGroupIds);
    f.sources = this.value('sources', f.sources);
    if (f.tcpPorts !== null) f.tcpPorts = this.value<readonly PortRange[]>('ports', f.tcpPorts);
    if (f.udpPorts !== null) f.udpPorts = this.value<readonly PortRange[]>('ports', f.udpPorts);
    f.via = this.value<Via>('via', f.via);
    // Attribute values repeat the finding's fields (its rule type, instance, ACL, gateway…).
    const fields = [f.ruleType, f.reachabilityType, f.vpcId, f.via.id, ...pathIds];
    const attributes = f.attributes as Record<string, string | undefined>;
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) attributes[key] = sameAs(value, fields);
    return f;
  }
}
