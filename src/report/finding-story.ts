// `netreach explain`: one finding's whole story for a person — what is reachable from where, the
// path with the rule at each step, and the changes that would close it, narrowest first, each
// with the port ranges it closes here and elsewhere.
import type { Finding } from '../findings/finding.js';
import type { ChangeEffect, ClosedPorts, ClosingChange } from '../findings/closing-changes.js';
import { componentName, portRangesPhrase, rangeText, sourcesPhrase } from '../findings/wording.js';
import { printable } from '../model/printable.js';

function stepLines(finding: Finding): string[] {
  return finding.networkPath.map((step, i) => {
    const rule = step.rule === undefined || step.rule === '' ? '' : `  ${step.rule}`;
    const reply = step.componentType === 'AWS::EC2::RouteTable' ? ' (the route the reply takes)' : '';
    return `  ${String(i + 1).padStart(2)}. ${componentName(step.componentType).padEnd(24)} ${step.componentId}${rule}${reply}`;
  });
}

export function changeText(change: ClosingChange): string {
  switch (change.kind) {
    case 'narrow-rule':
      return `Narrow security group ${change.groupId}'s rule "${change.rule}" to ports ${change.keeps.map(rangeText).join(' and ')}`;
    case 'remove-rules':
      return change.rules.length === 1
        ? `Remove security group ${change.rules[0]!.groupId}'s rule "${change.rules[0]!.rule}"`
        : `Remove these rules together: ${change.rules.map((r) => `${r.groupId}'s "${r.rule}"`).join('; ')}`;
    case 'deny-entry':
      return `Add the entry "${change.entry}" to network ACL ${change.aclId} (numbered below "${change.below}")`;
    case 'remove-route':
      return `Remove route "${change.route}" from route table ${change.routeTableId}`;
    case 'remove-listener':
      return `Remove listener ${change.listener} of load balancer ${change.loadBalancerId}`;
  }
}

function closedText(c: ClosedPorts): string {
  return `${portRangesPhrase(c.tcp, c.udp)} on ${c.instanceId} (${c.networkInterfaceId})`;
}

/** Other interfaces a change also closes, named one by one up to this many (a route can touch thousands). */
const OTHERS_NAMED = 10;

function othersText(elsewhere: readonly ClosedPorts[]): string {
  if (elsewhere.length === 0) return '';
  if (elsewhere.length === 1) return `; also ${closedText(elsewhere[0]!)}`;
  const named = elsewhere.slice(0, OTHERS_NAMED).map(closedText).join('; ');
  const more = elsewhere.length - OTHERS_NAMED;
  return `; also on ${elsewhere.length} other interfaces: ${named}${more > 0 ? `; and ${more} more` : ''}`;
}

function effectText(effect: ChangeEffect): string {
  const here = effect.here.tcp.length + effect.here.udp.length > 0 ? `closes ${closedText(effect.here)}` : 'closes it';
  return `${changeText(effect.change)}: ${here}${othersText(effect.elsewhere)}.`;
}

export function renderFindingStory(finding: Finding, effects: readonly ChangeEffect[]): string {
  const lines = [
    `${finding.id}  ${finding.ruleType}  ${finding.severity}`,
    finding.title,
    '',
    `Senders: ${sourcesPhrase(finding.sources)}.`,
    finding.listener === null ? null : `Listener: ${finding.listener.process?.name ?? 'a process'} on ${finding.listener.address}:${finding.listener.port}.`,
    '',
    'Path, with the rule that lets the traffic pass at each step:',
    ...stepLines(finding),
    '',
  ].filter((line): line is string => line !== null);
  if (effects.length === 0) {
    lines.push('No single change on its path closes it; see the recommendation:', finding.recommendation);
  } else {
    lines.push('Smallest change that closes it:', `  ${effectText(effects[0]!)}`);
    if (effects.length > 1) lines.push('', 'Other changes that close it:', ...effects.slice(1).map((e) => `  - ${effectText(e)}`));
  }
  return lines.map(printable).join('\n') + '\n';
}
