// `netreach explain`: one finding's whole story for a person — what is reachable from where, the
// path with the rule at each step, and the changes that would close it, narrowest first, each
// with the port ranges it closes here and elsewhere.
import type { Finding } from '../findings/finding.js';
import type { ChangeEffect, ClosedPorts, ClosingChange } from '../findings/closing-changes.js';
import { componentName, fromPhrase, portRangesPhrase, rangeText, sourcesPhrase } from '../findings/wording.js';
import { printable } from '../model/printable.js';
import { findingJson } from './json.js';

/** A subnet's route table and a transit gateway attachment's table are named for the routes back to the senders. */
const REPLY_ROUTES: ReadonlySet<string> = new Set(['AWS::EC2::RouteTable', 'AWS::EC2::TransitGatewayRouteTable']);

function stepLines(finding: Finding): string[] {
  const width = Math.max(24, ...finding.networkPath.map((step) => componentName(step.componentType).length));
  return finding.networkPath.map((step, i) => {
    const rule = step.rule === undefined || step.rule === '' ? '' : `  ${step.rule}`;
    const reply = REPLY_ROUTES.has(step.componentType) ? ` (the ${step.rule?.includes('; ') === true ? 'routes' : 'route'} the reply takes)` : '';
    return `  ${String(i + 1).padStart(2)}. ${componentName(step.componentType).padEnd(width)} ${step.componentId}${rule}${reply}`;
  });
}

export function changeText(change: ClosingChange): string {
  switch (change.kind) {
    case 'narrow-rule':
      return `Narrow security group ${change.groupId}'s rule "${change.rule}" to ${change.keeps.length === 1 && change.keeps[0]![0] === change.keeps[0]![1] ? 'port' : 'ports'} ${change.keeps.map(rangeText).join(' and ')}`;
    case 'exclude-source':
      return `Narrow security group ${change.groupId}'s rule "${change.rule}" to ${change.keeps.join(', ')} (its sources without the finding's senders)`;
    case 'narrow-source':
      return `Narrow security group ${change.groupId}'s rule "${change.rule}" to the VPC's own ${change.keeps.length === 1 ? 'addresses' : 'ranges'} ${change.keeps.join(', ')} (clients inside the VPC keep the port)`;
    case 'remove-rules':
      return change.rules.length === 1
        ? `Remove security group ${change.rules[0]!.groupId}'s rule "${change.rules[0]!.rule}"`
        : `Remove these rules together: ${change.rules.map((r) => `${r.groupId}'s "${r.rule}"`).join('; ')}`;
    case 'deny-entry':
      return `Add the entry "${change.entry}" to network ACL ${change.aclId} (numbered below "${change.below}")`;
    case 'remove-route':
      return `Remove route "${change.route}" from route table ${change.routeTableId}`;
    case 'disable-propagation':
      return `Turn off route propagation from ${change.gatewayId} in route table ${change.routeTableId} (a propagated route cannot be deleted; this drops every route ${change.gatewayId} propagates there)`;
    case 'remove-listener':
      return `Remove listener ${change.listener} of load balancer ${change.loadBalancerId}`;
  }
}

/** `ownInterface`: the finding's; what closes there is on its other paths (its own path is said first). */
function closedText(c: ClosedPorts, ownInterface: string): string {
  const paths = c.networkInterfaceId === ownInterface ? ' by its other paths' : '';
  return `${portRangesPhrase(c.tcp, c.udp)}${paths} on ${c.instanceId} (${c.networkInterfaceId})`;
}

/** Other interfaces a change also closes, named one by one up to this many (a route can touch thousands). */
const OTHERS_NAMED = 10;

function othersText(elsewhere: readonly ClosedPorts[], ownInterface: string): string {
  if (elsewhere.length === 0) return '';
  if (elsewhere.length === 1) return `; also ${closedText(elsewhere[0]!, ownInterface)}`;
  const named = elsewhere.slice(0, OTHERS_NAMED).map((c) => closedText(c, ownInterface)).join('; ');
  const more = elsewhere.length - OTHERS_NAMED;
  const others = elsewhere.filter((c) => c.networkInterfaceId !== ownInterface).length;
  const where = others === elsewhere.length ? `on ${others} other interfaces` : `on ${others} other interface${others === 1 ? '' : 's'} and by the finding's other paths`;
  return `; also ${where}: ${named}${more > 0 ? `; and ${more} more` : ''}`;
}

/** `path`: the finding's own path in words ("from the internet through …"): what "here" closes is closed on that path only. */
function effectText(effect: ChangeEffect, path: string): string {
  const here = effect.here.tcp.length + effect.here.udp.length > 0 ? `closes ${portRangesPhrase(effect.here.tcp, effect.here.udp)} ${path} on ${effect.here.instanceId} (${effect.here.networkInterfaceId})` : 'closes it';
  return `${changeText(effect.change)}: ${here}${othersText(effect.elsewhere, effect.here.networkInterfaceId)}.`;
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
    const path = fromPhrase(finding.reachabilityType, finding.via, finding.ipVersion);
    lines.push('Smallest change that closes it:', `  ${effectText(effects[0]!, path)}`);
    if (effects.length > 1) lines.push('', 'Other changes that close it:', ...effects.slice(1).map((e) => `  - ${effectText(e, path)}`));
  }
  return lines.map(printable).join('\n') + '\n';
}

/** A change in fixed key order, with AWS's names for what it edits. */
function changeJson(change: ClosingChange): object {
  switch (change.kind) {
    case 'narrow-rule':
      return { kind: change.kind, securityGroupId: change.groupId, rule: change.rule, keepPorts: change.keeps.map(([from, to]) => [from, to]) };
    case 'exclude-source':
    case 'narrow-source':
      return { kind: change.kind, securityGroupId: change.groupId, rule: change.rule, keepSources: [...change.keeps] };
    case 'remove-rules':
      return { kind: change.kind, rules: change.rules.map((r) => ({ securityGroupId: r.groupId, rule: r.rule })) };
    case 'deny-entry':
      return { kind: change.kind, networkAclId: change.aclId, ruleNumber: change.ruleNumber, entry: change.entry, below: change.below };
    case 'remove-route':
      return { kind: change.kind, routeTableId: change.routeTableId, route: change.route };
    case 'disable-propagation':
      return { kind: change.kind, routeTableId: change.routeTableId, gatewayId: change.gatewayId };
    case 'remove-listener':
      return { kind: change.kind, loadBalancerId: change.loadBalancerId, listener: change.listener };
  }
}

function closedJson(c: ClosedPorts): object {
  return {
    instanceId: c.instanceId,
    networkInterfaceId: c.networkInterfaceId,
    tcpPorts: c.tcp.map(([from, to]) => [from, to]),
    udpPorts: c.udp.map(([from, to]) => [from, to]),
  };
}

/**
 * `explain --format json`: the finding as the JSON report has it, and the changes that close it,
 * narrowest first, each with what it closes on the finding's own path (`closes`: from its kind of
 * sender, through its gateway or listener) and everywhere else (`alsoCloses`: other interfaces,
 * and the finding's interface by its other paths).
 */
export function renderFindingStoryJson(finding: Finding, effects: readonly ChangeEffect[]): string {
  const changes = effects.map((effect) => ({
    change: changeJson(effect.change),
    text: changeText(effect.change),
    closes: closedJson(effect.here),
    alsoCloses: effect.elsewhere.map(closedJson),
  }));
  return `${JSON.stringify({ finding: findingJson(finding), changes }, null, 2)}\n`;
}
