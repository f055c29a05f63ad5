// Issue 4, part 3, end to end: missing data is never read as "safe". Each gap (an instance whose
// subnet, route table, NACL or groups are missing, an ENI naming an unknown group, a target group
// whose targets were not collected) is listed in the report's coverage with its reason, counted
// in the table's footer, and --strict turns any gap into exit 2 after the report is written.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ALLOW_ALL_NACL, publicInstance, RawEstate } from '../support/raw-estate.js';
import { runCli } from './run-cli.js';

const scratch: string[] = [];
after(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function written(e: RawEstate): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-gaps-'));
  scratch.push(dir);
  e.write(dir);
  return dir;
}

interface Note {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly reason: string;
}

interface Report {
  readonly assessment: { readonly coverage: Note[]; readonly counts: { readonly instances: { running: number; analysed: number } } };
  readonly findings: { instanceId: string; port: number | null; ruleType: string }[];
}

const SSH_FROM_ANYWHERE = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }];
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067';

/** publicInstance() whose NACL is not the VPC's default: a subnet without an association has none. */
function withoutDefaultNacl(e: RawEstate): RawEstate {
  for (const acl of e.files['NetworkAcls']) acl['IsDefault'] = false;
  return e;
}

/** One estate with every kind of gap next to one instance that has everything. */
function estateWithGaps() {
  const { e, vpc, igw, subnet, sg, instanceId: complete } = publicInstance(SSH_FROM_ANYWHERE);
  withoutDefaultNacl(e);
  // A subnet with no route table (no explicit association, and the VPC has no main table), and
  // an instance there that the internet could reach if a route let it answer.
  const unrouted = e.subnet(vpc, '10.0.2.0/24');
  e.nacl(vpc, { subnets: [unrouted], entries: ALLOW_ALL_NACL });
  const { instanceId: inUnrouted } = e.instance(unrouted, { groups: [sg], privateIp: '10.0.2.10', publicIp: '54.10.20.33' });
  // A subnet with a route to the internet but no network ACL at all (and no default one).
  const aclless = e.subnet(vpc, '10.0.3.0/24');
  e.routeTable(vpc, { subnets: [aclless], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
  const { instanceId: inAclless } = e.instance(aclless, { groups: [sg], privateIp: '10.0.3.10', publicIp: '54.10.20.31' });
  // An instance in a subnet the snapshot does not have.
  const { instanceId: inMissingSubnet } = e.instance('subnet-0000000000000dead', { groups: [sg], privateIp: '10.0.9.10' });
  // An instance whose ENI names a group the snapshot does not have (and one it has).
  const { instanceId: withMissingGroup, eniId } = e.instance(subnet, { groups: [sg, 'sg-0000000000000dead'], privateIp: '10.0.1.11', publicIp: '54.10.20.32' });
  // An ALB forwarding to a target group whose targets (describe-target-health) were not collected.
  e.document('LoadBalancers', {
    LoadBalancers: [
      {
        LoadBalancerArn: ALB,
        LoadBalancerName: 'web',
        Type: 'application',
        Scheme: 'internet-facing',
        VpcId: vpc,
        AvailabilityZones: [{ SubnetId: subnet, ZoneName: 'us-east-1a' }],
        SecurityGroups: [sg],
      },
    ],
  });
  e.document('Listeners', { Listeners: [{ ListenerArn: LISTENER, LoadBalancerArn: ALB, Port: 22, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP }] }] });
  e.document('TargetGroups', { TargetGroups: [{ TargetGroupArn: TARGET_GROUP, TargetGroupName: 'web', Protocol: 'HTTP', Port: 22, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [ALB] }] });
  return { e, unrouted, aclless, complete, inUnrouted, inAclless, inMissingSubnet, withMissingGroup, eniId };
}

describe('coverage gaps, end to end', () => {
  const estate = estateWithGaps();
  const dir = written(estate.e);

  test('each gap is in the JSON coverage with its reason', async () => {
    const run = await runCli('assess', dir, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const coverage = report.assessment.coverage.map((n) => `${n.resourceType} ${n.resourceId}: ${n.reason}`);
    const has = (pattern: RegExp): void => assert.ok(coverage.some((line) => pattern.test(line)), `no gap like ${pattern} in\n${coverage.join('\n')}`);
    has(new RegExp(`^AWS::EC2::Instance ${estate.inMissingSubnet}: subnet subnet-0000000000000dead of eni-\\w+ is not in the snapshot; the interface is not analysed$`));
    has(new RegExp(`^AWS::EC2::Subnet ${estate.unrouted}: no route table for this subnet \\(no explicit association and no main table\\) in the snapshot; nothing can be routed back from it$`));
    has(new RegExp(`^AWS::EC2::Subnet ${estate.aclless}: the network ACL of this subnet is not in the snapshot; its NACL checks are skipped$`));
    has(/^AWS::EC2::\w+ \S+: security group sg-0000000000000dead is not in the snapshot; its rules are not counted$/);
    has(new RegExp(`^AWS::ElasticLoadBalancingV2::TargetGroup ${TARGET_GROUP}: its registered targets \\(describe-target-health\\) were not collected; what it forwards to is not analysed$`));
    assert.ok(!coverage.some((line) => line.includes(estate.complete)), 'the complete instance has no gap');
  });

  test('a missing NACL is skipped, never read as "blocked": the instance behind it is still reported', async () => {
    const report = JSON.parse((await runCli('assess', dir, '--format', 'json')).stdout) as Report;
    assert.ok(report.findings.some((f) => f.instanceId === estate.inAclless && f.port === 22));
    assert.ok(report.findings.some((f) => f.instanceId === estate.complete && f.port === 22));
    assert.ok(report.findings.some((f) => f.instanceId === estate.withMissingGroup && f.port === 22), 'the groups it has still count');
    assert.ok(report.assessment.counts.instances.analysed < report.assessment.counts.instances.running, 'the instance without a subnet is not counted as analysed');
  });

  test('the table footer counts every gap and shows the first ones', async () => {
    const json = JSON.parse((await runCli('assess', dir, '--format', 'json')).stdout) as Report;
    const table = await runCli('assess', dir);
    assert.equal(table.code, 0, table.stderr);
    const gaps = json.assessment.coverage.length;
    assert.ok(gaps >= 5, `${gaps} gaps`);
    assert.match(table.stdout, new RegExp(`^Coverage gaps: ${gaps}$`, 'm'));
    assert.match(table.stdout, new RegExp(`^  … and ${gaps - 3} more \\(see --format json\\)$`, 'm'));
    const first = json.assessment.coverage[0];
    assert.ok(table.stdout.includes(`${first.resourceType.split('::').pop()} ${first.resourceId}:`), table.stdout);
  });

  test('--strict exits 2 after writing the report, to stdout or to --output', async () => {
    const gaps = (JSON.parse((await runCli('assess', dir, '--format', 'json')).stdout) as Report).assessment.coverage.length;
    const strict = await runCli('assess', dir, '--format', 'json', '--strict');
    assert.equal(strict.code, 2);
    assert.equal(strict.stderr, `netreach: --strict: the snapshot has ${gaps} coverage gaps (listed in the report's coverage)\n`);
    assert.equal((JSON.parse(strict.stdout) as Report).assessment.coverage.length, gaps);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'netreach-gaps-out-')), 'report.txt');
    scratch.push(path.dirname(out));
    const toFile = await runCli('assess', dir, '--strict', '--output', out);
    assert.equal(toFile.code, 2);
    assert.equal(toFile.stdout, '');
    assert.match(readFileSync(out, 'utf8'), new RegExp(`^Coverage gaps: ${gaps}$`, 'm'));
  });
});

describe('one gap at a time, each enough for --strict', () => {
  const cases: [string, () => RawEstate][] = [
    [
      'the subnet of an instance',
      () => {
        const { e, sg } = publicInstance(SSH_FROM_ANYWHERE);
        e.instance('subnet-0000000000000dead', { groups: [sg], privateIp: '10.0.9.10' });
        return e;
      },
    ],
    [
      'the route table of a subnet',
      () => {
        const { e, vpc, sg } = publicInstance(SSH_FROM_ANYWHERE);
        e.instance(e.subnet(vpc, '10.0.2.0/24'), { groups: [sg], privateIp: '10.0.2.10', publicIp: '54.10.20.33' });
        return e;
      },
    ],
    [
      'the network ACL of a subnet',
      () => {
        const { e, sg, vpc, igw } = publicInstance(SSH_FROM_ANYWHERE);
        withoutDefaultNacl(e);
        const subnet = e.subnet(vpc, '10.0.3.0/24');
        e.routeTable(vpc, { subnets: [subnet], routes: [{ dest: '0.0.0.0/0', gateway: igw }] });
        e.instance(subnet, { groups: [sg], privateIp: '10.0.3.10', publicIp: '54.10.20.31' });
        return e;
      },
    ],
    [
      'a security group of an instance',
      () => {
        const { e, subnet } = publicInstance(SSH_FROM_ANYWHERE);
        e.instance(subnet, { groups: ['sg-0000000000000dead'], privateIp: '10.0.1.12', publicIp: '54.10.20.32' });
        return e;
      },
    ],
    [
      'the targets of a target group',
      () => {
        const { e, vpc, subnet, sg } = publicInstance(SSH_FROM_ANYWHERE);
        e.document('LoadBalancers', { LoadBalancers: [{ LoadBalancerArn: ALB, Type: 'application', Scheme: 'internet-facing', VpcId: vpc, AvailabilityZones: [{ SubnetId: subnet }], SecurityGroups: [sg] }] });
        e.document('Listeners', { Listeners: [{ ListenerArn: LISTENER, LoadBalancerArn: ALB, Port: 22, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP }] }] });
        e.document('TargetGroups', { TargetGroups: [{ TargetGroupArn: TARGET_GROUP, Protocol: 'HTTP', Port: 22, VpcId: vpc, TargetType: 'instance' }] });
        return e;
      },
    ],
  ];
  for (const [missing, build] of cases) {
    test(`missing ${missing}: one gap, --strict exits 2`, async () => {
      const dir = written(build());
      const run = await runCli('assess', dir, '--format', 'json');
      assert.equal(run.code, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as Report).assessment.coverage.length, 1, run.stdout.slice(run.stdout.indexOf('"coverage"'), run.stdout.indexOf('"warnings"')));
      const strict = await runCli('assess', dir, '--format', 'json', '--strict');
      assert.equal(strict.code, 2);
      assert.equal(strict.stderr, "netreach: --strict: the snapshot has 1 coverage gap (listed in the report's coverage)\n");
    });
  }

  test('the same estate without gaps passes --strict', async () => {
    const { e } = publicInstance(SSH_FROM_ANYWHERE, { nacl: ALLOW_ALL_NACL });
    const run = await runCli('assess', written(e), '--format', 'json', '--strict');
    assert.equal(run.code, 0, run.stderr);
  });
});
