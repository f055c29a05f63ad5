// The rule a finding reports under in SARIF and ASFF: rule type × port group × where the traffic
// comes from. The source belongs in the rule because it decides the severity (SPEC §5: a peered
// VPC, VGW or transit gateway lowers it one level), and GitHub code scanning takes a result's
// security-severity from its rule: one rule, one severity.
import type { ReachabilityType } from '../engine/types.js';
import type { Finding, RuleType } from '../findings/finding.js';
import { sourcePhrase } from '../findings/wording.js';

export interface FindingRule {
  /** e.g. "RecognizedPortNoAgent/SSH/Internet", "NetworkExposure/PeeredVpc". */
  readonly id: string;
  readonly ruleType: RuleType;
  readonly portGroupName: string | null;
  readonly reachabilityType: ReachabilityType;
}

/** "SQL Server" → "SQL-Server": rule ids without spaces, still readable. */
function portGroupSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function findingRule(finding: Finding): FindingRule {
  const parts = [finding.ruleType, finding.portGroupName === null ? null : portGroupSlug(finding.portGroupName), finding.reachabilityType];
  return {
    id: parts.filter((p): p is string => p !== null).join('/'),
    ruleType: finding.ruleType,
    portGroupName: finding.portGroupName,
    reachabilityType: finding.reachabilityType,
  };
}

const WHAT: Readonly<Record<RuleType, string>> = {
  RecognizedPortNoAgent: 'Recognized port reachable',
  RecognizedPortWithListener: 'Recognized port with listener reachable',
  RecognizedPortNoListener: 'Recognized port without listener reachable',
  UnrecognizedPortWithListener: 'Unrecognized port with listener reachable',
  NetworkExposure: 'Network exposure',
};

/** "Recognized port reachable from the internet (SSH)": a rule's one-line name for people. */
export function ruleSummary(rule: FindingRule): string {
  const service = rule.portGroupName === null ? '' : ` (${rule.portGroupName})`;
  return `${WHAT[rule.ruleType]} from ${sourcePhrase(rule.reachabilityType)}${service}`;
}

/** What the rule means and what to do about it, whatever instance it is reported for. */
export function ruleHelp(rule: FindingRule): string {
  const from = sourcePhrase(rule.reachabilityType);
  const service = rule.portGroupName === null ? 'a port' : `a port of ${rule.portGroupName}`;
  const fix =
    `If it should not be reachable from ${from}, remove the security-group rule that admits it or narrow its sources or ports ` +
    '(each result names the rule, and the network ACL entry and route on its path); if it should, limit the senders to the addresses that need it.';
  switch (rule.ruleType) {
    case 'RecognizedPortNoAgent':
      return `${service} is reachable from ${from}. No listener data was given for the instance, so whether a process listens there is unknown. ${fix}`;
    case 'RecognizedPortWithListener':
      return `${service} is reachable from ${from} and a process listens on it. ${fix}`;
    case 'RecognizedPortNoListener':
      return `${service} is reachable from ${from}, but no process listens on it: nothing answers today, and anything started on it later would be exposed. ${fix}`;
    case 'UnrecognizedPortWithListener':
      return `A port outside Inspector's recognized list is reachable from ${from} and a process listens on it. ${fix}`;
    case 'NetworkExposure':
      return `A security group admits these TCP/UDP port ranges and they are reachable from ${from}. Check that the group opens only the ports the instance serves, and remove or narrow the security-group rules that open the others.`;
  }
}
