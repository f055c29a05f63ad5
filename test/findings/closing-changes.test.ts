// The changes that would close a finding, judged by the engine on a changed copy of the network:
// narrowing a wide rule closes just the port; removing it closes its whole range; a NACL DENY
// entry closes the port for the whole subnet; only changes that make the finding go are offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EPHEMERAL_PORTS, assessNetwork } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { closingChanges } from '../../src/findings/closing-changes.js';
import { publicInstance } from '../support/raw-estate.js';
import { loadEstate } from '../support/ask.js';

const OPTIONS = { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null };

test('a wide rule: narrowing it around the port is the smallest change; removing it closes the whole range', async () => {
  const { e, instanceId, sg, acl, subnet } = publicInstance([{ protocol: 'tcp', from: 20, to: 25, cidrs: ['0.0.0.0/0'] }]);
  const second = e.instance(subnet, { groups: [sg], privateIp: '10.0.1.11', publicIp: '54.10.20.31' });
  const network = await loadEstate(e);
  const finding = buildFindings(assessNetwork(network, OPTIONS), new Map()).find((f) => f.instanceId === instanceId && f.port === 22)!;
  const effects = closingChanges(network, OPTIONS, new Map(), finding);
  assert.deepEqual(
    effects.map((x) => x.change.kind),
    ['narrow-rule', 'deny-entry', 'remove-rules', 'remove-route'],
  );
  const [narrow, deny, remove] = effects;
  assert.deepEqual(narrow!.change, { kind: 'narrow-rule', groupId: sg, rule: 'inbound tcp ports 20-25 from 0.0.0.0/0', keeps: [[20, 21], [23, 25]] });
  assert.deepEqual(narrow!.here.tcp, [[22, 22]]);
  // The group is on the second instance too: the same change closes its port 22.
  assert.deepEqual(narrow!.elsewhere.map((c) => [c.instanceId, c.tcp]), [[second.instanceId, [[22, 22]]]]);
  assert.deepEqual(deny!.change, { kind: 'deny-entry', aclId: acl, ruleNumber: 99, entry: 'inbound rule 99 DENY tcp port 22 from 0.0.0.0/0', below: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' });
  assert.deepEqual(remove!.here.tcp, [[20, 25]]);
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
