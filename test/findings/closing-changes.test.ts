// The changes that would close a finding, judged by the engine on a changed copy of the network:
// narrowing a wide rule closes just the port; removing it closes its whole range; a NACL DENY
// entry closes the port for the whole subnet; only changes that make the finding go are offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EPHEMERAL_PORTS, assessNetwork } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { closingChanges } from '../../src/findings/closing-changes.js';
import type { Finding } from '../../src/findings/finding.js';
import { publicInstance } from '../support/raw-estate.js';
import { loadEstate } from '../support/ask.js';
import { firewalledSubnet, lbEstate, peeredEstate, vgwEstate } from '../support/query-estates.js';
import { renderFindingStory } from '../../src/report/finding-story.js';
import { generateEstate } from '../differential/generator.js';
import { loadAndAssess } from '../differential/compare.js';

const OPTIONS = { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null };

test('a wide rule: narrowing it around the port is the smallest change; removing it closes the whole range', async () => {
  const { e, instanceId, sg, acl, subnet } = publicInstance([{ protocol: 'tcp', from: 20, to: 25, cidrs: ['0.0.0.0/0'] }]);
  const second = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.11', publicIp: '54.10.20.31' });
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 22)!;
  const effects = closingChanges(network, OPTIONS, new Map(), finding);
  assert.deepEqual(
    effects.map((x) => x.change.kind),
    ['narrow-rule', 'deny-entry', 'exclude-source', 'narrow-source', 'remove-rules', 'remove-route'],
  );
  const [narrow, deny, others, inside, remove] = effects;
  // Without the internet's addresses, the rule keeps the private ranges: peers and on-premises keep the port.
  assert.deepEqual(others!.change, {
    kind: 'exclude-source',
    groupId: sg,
    rule: 'inbound tcp ports 20-25 from 0.0.0.0/0',
    keeps: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
  });
  assert.deepEqual(others!.here.tcp, [[20, 25]]);
  // Cut down to the VPC's own addresses, the rule keeps its in-VPC clients and closes the internet's.
  assert.deepEqual(inside!.change, { kind: 'narrow-source', groupId: sg, rule: 'inbound tcp ports 20-25 from 0.0.0.0/0', keeps: ['10.0.0.0/16'] });
  assert.deepEqual(inside!.here.tcp, [[20, 25]]);
  assert.deepEqual(narrow!.change, { kind: 'narrow-rule', groupId: sg, rule: 'inbound tcp ports 20-25 from 0.0.0.0/0', keeps: [[20, 21], [23, 25]] });
  assert.deepEqual(narrow!.here.tcp, [[22, 22]]);
  // The group is on the second instance too: the same change closes its port 22.
  assert.deepEqual(narrow!.elsewhere.map((c) => [c.instanceId, c.tcp]), [[second.instanceId, [[22, 22]]]]);
  assert.deepEqual(deny!.change, { kind: 'deny-entry', aclId: acl, ruleNumber: 99, entry: 'inbound rule 99 DENY tcp port 22 from 0.0.0.0/0', below: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' });
  assert.deepEqual(remove!.here.tcp, [[20, 25]]);
});

test('behind a firewall appliance, removing the route that sends replies to it is among the closing changes', async () => {
  const { e, igw, appliance, webTable, firewallTable, instanceId } = firewalledSubnet({ appliance: 'endpoint' });
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 443)!;
  const removal = closingChanges(network, OPTIONS, new Map(), finding).find((x) => x.change.kind === 'remove-route');
  assert.deepEqual(removal?.change, { kind: 'remove-route', routeTableId: webTable, route: `0.0.0.0/0 -> ${appliance} (appliance, then route table ${firewallTable}: 0.0.0.0/0 -> ${igw})` });
  assert.deepEqual(removal?.here.tcp, [[443, 443]]);
});

test('two groups admitting the port: only removing both rules closes it', async () => {
  const { e, vpc, subnet } = publicInstance([]);
  const a = e.securityGroup(vpc, 'a', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const b = e.securityGroup(vpc, 'b', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const { instanceId } = e.instance(subnet, { groups: [a, b], privateIp: '10.0.1.20', publicIp: '54.10.20.40' });
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 22)!;
  const kinds = closingChanges(network, OPTIONS, new Map(), finding).map((x) => x.change);
  assert.deepEqual(kinds[0], {
    kind: 'remove-rules',
    rules: [
      { groupId: a, rule: 'inbound tcp port 22 from 0.0.0.0/0' },
      { groupId: b, rule: 'inbound tcp port 22 from 0.0.0.0/0' },
    ],
  });
});

test('explain names up to ten other interfaces a change closes, then says how many more', async () => {
  const { renderFindingStory } = await import('../../src/report/finding-story.js');
  const { e, instanceId, sg, subnet } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }]);
  const others = Array.from({ length: 14 }, (_, i) => e.instance(subnet, { groups: [sg], privateIp: `10.0.1.${30 + i}`, publicIp: `54.10.20.${60 + i}` }));
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 22)!;
  const effects = closingChanges(network, OPTIONS, new Map(), finding);
  const removal = effects.find((x) => x.change.kind === 'remove-rules')!;
  assert.equal(removal.elsewhere.length, 14);
  const line = renderFindingStory(finding, effects).split('\n').find((l) => l.includes(`Remove security group ${sg}'s rule`))!;
  assert.match(line, /; also on 14 other interfaces: (TCP 22 on i-[0-9a-f]+ \(eni-[0-9a-f]+\); ){10}and 4 more\.$/);
  const named = [...line.matchAll(/on (i-[0-9a-f]+) \(eni/g)].map((m) => m[1]).slice(1);
  assert.deepEqual(named, removal.elsewhere.slice(0, 10).map((c) => c.instanceId));
  assert.ok(others.every((o) => removal.elsewhere.some((c) => c.instanceId === o.instanceId)));
});

// Each candidate change is judged by re-analysing only what it can alter (the interfaces holding the
// edited group or in a subnet of the edited ACL or table, and every load-balancer path). That limit
// must change nothing: on the differential generator's varied estates (load balancers, transit
// gateways, peering, VGWs, IPv6, shared groups and tables), the closing changes of findings through
// every way in are the same with the limit and with the whole network re-analysed per change.
test('judging a change only where it can act gives the same closing changes as re-analysing the whole network', async () => {
  const seen = { findings: 0, effects: 0, elsewhere: 0, kinds: new Set<string>(), vias: new Set<string>() };
  // Seeds whose estates hold findings through every kind of gateway and load balancer.
  for (const seed of [3, 19, 25, 30, 39, 52, 56, 57]) {
    const estate = generateEstate(seed);
    const { network } = await loadAndAssess(estate);
    const options = { ephemeralPorts: estate.options.ephemeralPorts, onpremCidrs: estate.options.onpremCidrs };
    const before = assessNetwork(network, options);
    const findings = buildFindings(before, new Map());
    // Up to 12 findings per way in, spread over the estate (each costs two engine runs per change).
    const byVia = new Map<string, Finding[]>();
    for (const f of findings) byVia.set(f.via.type, [...(byVia.get(f.via.type) ?? []), f]);
    for (const group of byVia.values()) {
      for (const finding of group.filter((_, i) => i % Math.ceil(group.length / 12) === 0)) {
        const limited = closingChanges(network, options, new Map(), finding, { before });
        const whole = closingChanges(network, options, new Map(), finding, { before, limitToChange: false });
        assert.deepEqual(limited, whole, `seed ${seed} (${estate.summary}), finding ${finding.id}: ${finding.title}`);
        seen.findings++;
        seen.effects += whole.length;
        seen.elsewhere += whole.filter((x) => x.elsewhere.length > 0).length;
        for (const x of whole) seen.kinds.add(x.change.kind);
        seen.vias.add(finding.via.type);
      }
    }
  }
  // The comparison proves something only if the estates exercise every kind of change and changes
  // that reach beyond the finding's interface.
  assert.deepEqual([...seen.kinds].sort(), ['deny-entry', 'disable-propagation', 'exclude-source', 'narrow-rule', 'narrow-source', 'remove-listener', 'remove-route', 'remove-rules']);
  assert.ok(seen.effects > 400 && seen.elsewhere > 200, `${seen.effects} changes, ${seen.elsewhere} acting beyond the finding's interface`);
  for (const via of ['IGW', 'PCX', 'VGW', 'TGW', 'ALB', 'NLB', 'CLB']) assert.ok(seen.vias.has(via), `no finding via ${via}`);
  assert.ok(seen.findings > 200, `only ${seen.findings} findings compared`);
});

test('a change that closes the finding\'s path says so for that path, not for the port on the instance (another listener still reaches it)', async () => {
  const { e, target, lbGroup } = lbEstate({ classic: true });
  const elb = (e as unknown as { extra: Record<string, { LoadBalancerDescriptions: Record<string, unknown>[] }> }).extra['elb']!.LoadBalancerDescriptions[0]!;
  elb['ListenerDescriptions'] = [
    { Listener: { Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 8080 } },
    { Listener: { Protocol: 'TCP', LoadBalancerPort: 8081, InstanceProtocol: 'TCP', InstancePort: 8080 } },
  ];
  const group = e.files['SecurityGroups']!.find((g) => g['GroupId'] === lbGroup)!;
  group['IpPermissions'] = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'tcp', FromPort: 8081, ToPort: 8081, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
  const network = await loadEstate(e);
  const findings = buildFindings(assessNetwork(network, OPTIONS), new Map());
  const through80 = findings.find((f) => f.instanceId === target.instanceId && 'listenerPort' in f.via && f.via.listenerPort === 80)!;
  assert.ok(through80 !== undefined && findings.some((f) => f.instanceId === target.instanceId && 'listenerPort' in f.via && f.via.listenerPort === 8081), 'reached through both listeners');
  const effects = closingChanges(network, OPTIONS, new Map(), through80);
  const removeListener = effects.find((x) => x.change.kind === 'remove-listener')!;
  assert.deepEqual(removeListener.here.tcp, [[8080, 8080]]);
  assert.deepEqual(removeListener.elsewhere, [], 'TCP 8080 stays reachable through listener 8081');
  const story = renderFindingStory(through80, effects);
  assert.match(story, /Remove listener TCP 80 of load balancer front: closes TCP 8080 from the internet through [^:]*80[^:]* on i-/);
});

test('a propagated route on the path: the change offered is turning off the gateway\'s propagation, not deleting the route', async () => {
  const { e, vgw, app } = vgwEstate('available');
  const table = e.files['RouteTables']![0]!;
  table['Routes'] = (table['Routes'] as Record<string, unknown>[]).map((r) => (r['GatewayId'] === vgw ? { ...r, Origin: 'EnableVgwRoutePropagation' } : r));
  table['PropagatingVgws'] = [{ GatewayId: vgw }];
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === app.instanceId && f.port === 22)!;
  const effects = closingChanges(network, OPTIONS, new Map(), finding);
  const kinds = effects.map((x) => x.change.kind);
  assert.ok(kinds.includes('disable-propagation') && !kinds.includes('remove-route'), kinds.join(', '));
  assert.match(renderFindingStory(finding, effects), new RegExp(`Turn off route propagation from ${vgw} in route table rtb-\\S+ \\(a propagated route cannot be deleted`));
});

test('senders that are one CIDR are denied by that CIDR, not by 0.0.0.0/0 (the VPC\'s other subnets keep the port)', async () => {
  const { e, ib } = peeredEstate();
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === ib.instanceId && f.port === 22)!;
  assert.deepEqual(finding.sources, ['10.1.1.5/32']);
  const deny = closingChanges(network, OPTIONS, new Map(), finding).find((x) => x.change.kind === 'deny-entry');
  assert.ok(deny !== undefined && deny.change.kind === 'deny-entry');
  assert.equal(deny.change.entry, 'inbound rule 99 DENY tcp port 22 from 10.1.1.5/32');
});

test('a peer admitted by a wide private rule: the rule without the peer\'s addresses keeps every other client (and is offered before the VPC-only narrowing)', async () => {
  const { e, ib, sgB } = peeredEstate();
  // The peer's instance is in no group of the target's rules: only a CIDR rule can admit it.
  const group = (e.files['SecurityGroups'] as { GroupId: string; IpPermissions: unknown[] }[]).find((g) => g.GroupId === sgB)!;
  group.IpPermissions = [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === ib.instanceId && f.port === 5432)!;
  assert.equal(finding.reachabilityType, 'PeeredVpc');
  assert.deepEqual(finding.sources, ['10.1.0.0/16']);
  const effects = closingChanges(network, OPTIONS, new Map(), finding);
  const kinds = effects.map((x) => x.change.kind);
  assert.ok(kinds.indexOf('exclude-source') >= 0 && kinds.indexOf('exclude-source') < kinds.indexOf('narrow-source'), kinds.join(', '));
  const others = effects.find((x) => x.change.kind === 'exclude-source')!;
  assert.deepEqual(others.change, {
    kind: 'exclude-source',
    groupId: sgB,
    rule: 'inbound tcp port 5432 from 10.0.0.0/8',
    keeps: ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9'],
  });
  assert.deepEqual(others.here.tcp, [[5432, 5432]]);
  const inside = effects.find((x) => x.change.kind === 'narrow-source')!;
  assert.deepEqual(inside.change.kind === 'narrow-source' && inside.change.keeps, ['10.2.0.0/16']);
});

test('narrowing around the senders adds no CIDR the group already admits on the same ports (AWS refuses a duplicate rule)', async () => {
  const { e, instanceId, sg } = publicInstance([{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0', '10.0.0.0/8'] }]);
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 22)!;
  const others = closingChanges(network, OPTIONS, new Map(), finding).find((x) => x.change.kind === 'exclude-source')!;
  assert.deepEqual(others.change, { kind: 'exclude-source', groupId: sg, rule: 'inbound tcp port 22 from 0.0.0.0/0', keeps: ['172.16.0.0/12', '192.168.0.0/16'] });
  assert.deepEqual(others.here.tcp, [[22, 22]]);
});
