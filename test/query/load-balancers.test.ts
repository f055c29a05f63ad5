// Point queries through load balancers (SPEC §4): a listener on the port, the LB's groups, each
// registered target at its port; to an instance, every load balancer forwarding to it is a path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, blockersOf } from '../support/ask.js';
import { lbEstate } from '../support/query-estates.js';

test('internet to an internet-facing NLB by name: the listener forwards to the target at its port', async () => {
  const { e, lbArn, tg, target } = lbEstate();
  const answer = await ask(e, { from: '8.8.8.8', to: 'front', port: 80 });
  assert.equal(answer.verdict, 'reachable');
  const path = answer.paths[0]!;
  assert.deepEqual(path.via, { type: 'NLB', id: lbArn, listenerPort: 80 });
  assert.deepEqual(
    path.forward.filter((s) => s.componentType.startsWith('AWS::ElasticLoadBalancingV2')).map((s) => s.rule),
    ['listener TCP 80', `instance ${target.instanceId} port 8080`],
  );
  assert.ok(path.forward.some((s) => s.componentId === tg));
  assert.equal(path.forward[path.forward.length - 1]!.componentId, target.instanceId);
});

test('ELBV2_LISTENER_PORT_RESTRICTION and ELB_LISTENER_PORT_RESTRICTION: no listener on the port', async () => {
  const { e, lbArn } = lbEstate();
  const answer = await ask(e, { from: '8.8.8.8', to: lbArn, port: 81 });
  assert.deepEqual(blockersOf(answer), [`ELBV2_LISTENER_PORT_RESTRICTION ${lbArn}`]);
  assert.match(answer.blockers[0]!.detail, /no listener for tcp port 81 \(listeners: TCP 80\)/);
  const classic = lbEstate({ classic: true });
  // The classic ELB's group admits port 80 only: it blocks as well.
  assert.deepEqual(blockersOf(await ask(classic.e, { from: '8.8.8.8', to: 'front', port: 81 })), [`ENI_SG_RULES_MISMATCH ${classic.lbGroup}`, 'ELB_LISTENER_PORT_RESTRICTION front']);
  assert.equal((await ask(classic.e, { from: '8.8.8.8', to: 'front', port: 80 })).verdict, 'reachable');
});

test('to an instance behind a load balancer: the LB path counts at the target port; TARGET_PORT_RESTRICTION otherwise', async () => {
  const { e, lbArn, target } = lbEstate();
  const reached = await ask(e, { from: '8.8.8.8', to: target.instanceId, port: 8080 });
  assert.equal(reached.verdict, 'reachable');
  assert.deepEqual(reached.paths.map((p) => p.via), [{ type: 'NLB', id: lbArn, listenerPort: 80 }]);
  const other = await ask(e, { from: '8.8.8.8', to: target.instanceId, port: 9090 });
  assert.deepEqual(blockersOf(other), [`NO_PUBLIC_IP ${target.eniId}`, `TARGET_PORT_RESTRICTION ${lbArn}`]);
  assert.equal(other.blockers[1]!.detail, `it forwards to ${target.instanceId} only at port 8080`);
});

test('LOAD_BALANCER_SCHEME_RESTRICTION: an internal load balancer takes nothing from the internet', async () => {
  const { e, lbArn } = lbEstate({ scheme: 'internal' });
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: lbArn, port: 80 })), [`LOAD_BALANCER_SCHEME_RESTRICTION ${lbArn}`]);
});

test('ELBV2_LISTENER_HAS_NO_TARGETS: a listener whose target group has no registered target', async () => {
  const { e, lbArn } = lbEstate({ targets: 'none' });
  assert.deepEqual(blockersOf(await ask(e, { from: '8.8.8.8', to: lbArn, port: 80 })), [`ELBV2_LISTENER_HAS_NO_TARGETS ${lbArn}`]);
});
