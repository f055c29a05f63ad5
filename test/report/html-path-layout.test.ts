import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOX_WIDTH, BOXES_PER_ROW, charsPerLine, displayedId, layoutPath, wrapToWidth } from '../../src/report/html/path-layout.js';
import { pathPicture } from '../../src/report/html/path-picture.js';
import type { PathStep } from '../../src/engine/types.js';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/front-door-production-eu/0123456789abcdef';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/payments-api-blue/5555555555555555';

const NLB_PATH: PathStep[] = [
  { componentType: 'AWS::EC2::InternetGateway', componentId: 'igw-0fe010647d32ab9a6' },
  { componentType: 'AWS::EC2::RouteTable', componentId: 'rtb-0efa1f375d76194fa', rule: '0.0.0.0/0 -> igw-0fe010647d32ab9a6' },
  { componentType: 'AWS::EC2::NetworkAcl', componentId: 'acl-037a8eec1ce19687d', rule: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' },
  { componentType: 'AWS::EC2::NetworkAcl', componentId: 'acl-037a8eec1ce19687d', rule: 'outbound rule 100 ALLOW all traffic to 0.0.0.0/0' },
  { componentType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', componentId: NLB, rule: 'listener TCP 443' },
  { componentType: 'AWS::ElasticLoadBalancingV2::TargetGroup', componentId: TARGET_GROUP, rule: 'instance i-0d6766a616dd5a508 port 8443' },
  { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0dc3e2aaca090f14a', rule: 'inbound tcp port 8443 from 0.0.0.0/0' },
  { componentType: 'AWS::EC2::NetworkInterface', componentId: 'eni-099ef0fef83d6cf99' },
  { componentType: 'AWS::EC2::Instance', componentId: 'i-0d6766a616dd5a508' },
];

test('text wraps at separators, never past the width, and a cut is marked', () => {
  assert.deepEqual(wrapToWidth('inbound rule 100 ALLOW all traffic from 0.0.0.0/0', 32, 3), ['inbound rule 100 ALLOW all', 'traffic from 0.0.0.0/0']);
  assert.deepEqual(wrapToWidth('ElasticLoadBalancingV2::TargetGroup', 32, 2), ['ElasticLoadBalancingV2::', 'TargetGroup']);
  assert.deepEqual(wrapToWidth('x'.repeat(70), 32, 3), ['x'.repeat(32), 'x'.repeat(32), 'x'.repeat(6)], 'a piece longer than a line is cut anywhere');
  const cut = wrapToWidth('a '.repeat(100), 10, 2);
  assert.equal(cut.length, 2);
  assert.ok(cut[1]!.endsWith('…') && cut.every((l) => l.length <= 10), JSON.stringify(cut));
  assert.deepEqual(wrapToWidth('', 10, 2), ['']);
});

test('an ARN shows its resource part', () => {
  assert.equal(displayedId(NLB), 'loadbalancer/net/front-door-production-eu/0123456789abcdef');
  assert.equal(displayedId('sg-0dc3e2aaca090f14a'), 'sg-0dc3e2aaca090f14a');
});

test('a path through an NLB: one box per component, rows of four, every line inside its box', () => {
  const layout = layoutPath({ componentType: 'Senders', componentId: 'the internet', rules: [] }, NLB_PATH);
  assert.deepEqual(
    layout.boxes.map((b) => b.componentId),
    ['the internet', 'igw-0fe010647d32ab9a6', 'rtb-0efa1f375d76194fa', 'acl-037a8eec1ce19687d', NLB, TARGET_GROUP, 'sg-0dc3e2aaca090f14a', 'eni-099ef0fef83d6cf99', 'i-0d6766a616dd5a508'],
    'the NACL’s inbound and outbound entries are one box',
  );
  assert.deepEqual(layout.boxes[3]!.rules, ['inbound rule 100 ALLOW all traffic from 0.0.0.0/0', 'outbound rule 100 ALLOW all traffic to 0.0.0.0/0']);
  const rows = [...new Set(layout.boxes.map((b) => b.y))];
  assert.equal(rows.length, Math.ceil(layout.boxes.length / BOXES_PER_ROW));
  for (const box of layout.boxes) {
    assert.ok(box.x + BOX_WIDTH <= layout.width && box.y + box.height <= layout.height, `${box.componentId} inside the picture`);
    for (const line of box.lines) {
      assert.ok(line.text.length <= charsPerLine(line.kind), `${box.componentId}: "${line.text}" fits`);
      assert.ok(line.y > 0 && line.y < box.height, `${box.componentId}: "${line.text}" inside the box`);
    }
  }
  const nlb = layout.boxes[4]!;
  assert.deepEqual(nlb.lines.filter((l) => l.kind === 'id').map((l) => l.text), ['loadbalancer/net/', 'front-door-production-eu/', '0123456789abcdef']);
});

test('the picture names each component and keeps the full ARN in the box title', () => {
  const svg = pathPicture('Internet', 6, NLB_PATH);
  assert.match(svg, /^<svg class="path-picture" role="img" xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)" viewBox="0 0 \1 \2"><title>Network path from the internet over IPv6<\/title><desc>internet gateway igw-0fe010647d32ab9a6 -&gt; route table rtb-0efa1f375d76194fa \(0\.0\.0\.0\/0 -&gt; igw-0fe010647d32ab9a6\) -&gt; /);
  assert.ok(svg.includes(`<title>load balancer ${NLB}: listener TCP 443</title>`), 'full ARN in the title');
  assert.equal(svg.match(/<svg class="box /g)?.length, 9);
  assert.equal(svg.match(/<polygon class="head"/g)?.length, 8, 'one arrow between each pair of boxes');
  assert.ok(svg.includes('<text class="rule" x="8" y="') && svg.includes('>over IPv6</text>'), 'the senders say IPv6');
});
