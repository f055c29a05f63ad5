import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { runCli } from '../cli/run-cli.js';
import { componentId, componentType } from '../../src/report/asff-network.js';
import { renderAsff } from '../../src/report/asff.js';
import { ReportError } from '../../src/report/report-error.js';
import { engineResult, openToTheWorld } from '../findings/fixtures.js';
import { dropCollectionTime, EXAMPLE, exampleCopy, makeHostile } from './example-copy.js';
import { copyAsOtherAccount } from '../support/other-account.js';
import { join } from 'node:path';
import { report } from './fixtures.js';

interface JsonFinding {
  readonly id: string;
  readonly severity: string;
  readonly ruleType: string;
  readonly instanceId: string;
  readonly protocol: string | null;
  readonly port: number | null;
  readonly via: { readonly type: string; readonly id: string };
}

async function asffOf(snapshot: string): Promise<{ text: string; findings: AwsSecurityFinding[] }> {
  const run = await runCli('assess', snapshot, '--format', 'asff');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return { text: run.stdout, findings: JSON.parse(run.stdout) as AwsSecurityFinding[] };
}

/** Every string in the document, with where it is. */
function strings(value: unknown, path = '$'): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [[`${path}{key}`, k] as [string, string], ...strings(v, `${path}.${k}`)]);
  return [];
}

/** Limits from the Security Hub API reference (AwsSecurityFinding, Recommendation, NetworkPathComponent, ASFF Resources). */
function assertWithinLimits(f: AwsSecurityFinding): void {
  for (const field of ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Title', 'Description'] as const) {
    assert.match(f[field] ?? '', /\S/, `${field} is required and not blank`);
  }
  assert.ok(f.Id!.length <= 512 && f.GeneratorId!.length <= 512);
  assert.ok(f.Title!.length <= 256, f.Title);
  assert.ok(f.Description!.length <= 1024);
  assert.ok((f.Remediation?.Recommendation?.Text ?? '').length <= 512);
  assert.match(f.AwsAccountId!, /^\d{12}$/);
  const fields = Object.entries(f.ProductFields ?? {});
  assert.ok(fields.length <= 50);
  for (const [key, value] of fields) assert.ok(key.length <= 128 && value.length <= 2048 && /\S/.test(value), key);
  assert.ok(f.Resources!.length >= 1 && f.Resources!.length <= 32);
  for (const step of f.NetworkPath ?? []) {
    assert.ok(step.ComponentId!.length <= 32 && step.ComponentType!.length <= 32, JSON.stringify(step));
  }
  // Security Hub's `.*\S.*` is a Java pattern: a line break anywhere fails the import.
  for (const [path, text] of strings(f)) assert.ok(!/[\r\n\u0085\u2028\u2029]/.test(text), `${path}: ${JSON.stringify(text)}`);
}

test('the bundled example gives one importable ASFF finding per netreach finding', async () => {
  const { findings } = await asffOf(EXAMPLE);
  const json = await runCli('assess', EXAMPLE, '--format', 'json');
  const ours = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
  assert.equal(findings.length, 13);
  assert.deepEqual(findings.map((f) => f.Id), ours.map((f) => `netreach/us-east-1/123456789012/${f.id}`));
  for (const [i, f] of findings.entries()) {
    const mine = ours[i]!;
    assertWithinLimits(f);
    assert.equal(f.SchemaVersion, '2018-10-08');
    assert.equal(f.ProductArn, 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default');
    assert.equal(f.Region, 'us-east-1');
    assert.deepEqual([f.CreatedAt, f.UpdatedAt], ['2026-11-20T09:30:00.000Z', '2026-11-20T09:30:00.000Z'], 'the snapshot\'s collection time');
    assert.deepEqual(f.Severity, { Label: mine.severity.toUpperCase(), Original: mine.severity });
    assert.match(f.Types![0]!, /^Software and Configuration Checks\/AWS Security Best Practices\/Network Reachability - /);
    assert.equal(f.ProductFields!.RULE_TYPE, mine.ruleType);
    assert.equal(f.ProductFields!['netreach/FindingId'], mine.id);
    assert.equal(f.Network!.Direction, 'IN');
    const instance = f.Resources![0]!;
    assert.deepEqual([instance.Type, instance.Id, instance.Partition], ['AwsEc2Instance', `arn:aws:ec2:us-east-1:123456789012:instance/${mine.instanceId}`, 'aws']);
    assert.equal(f.Resources![1]!.Type, 'AwsEc2NetworkInterface');
    assert.ok(f.Resources!.some((r) => r.Type === 'AwsEc2SecurityGroup' && /^arn:aws:ec2:us-east-1:123456789012:security-group\/sg-/.test(r.Id!)));
    if (mine.port !== null) {
      assert.deepEqual(f.Network, { Direction: 'IN', Protocol: mine.protocol!.toUpperCase(), OpenPortRange: { Begin: mine.port, End: mine.port } });
    }
    const last = [...f.NetworkPath!].reverse().find((s) => s.ComponentType === 'AWS::EC2::NetworkInterface')!;
    assert.ok((last.Ingress?.Source?.Address ?? []).length > 0, 'the senders are on the interface\'s hop');
  }
  const names = new Set(findings.map((f) => f.Resources![0]!.Tags?.Name));
  assert.deepEqual([...names].sort(), ['agent', 'noagent', 'web']);
  const high = findings.filter((f) => f.Severity?.Label === 'HIGH');
  assert.equal(high.length, 1);
  assert.match(high[0]!.Remediation!.Recommendation!.Text!, /security group sg-/);
  const throughElb = findings.find((f) => f.NetworkPath!.some((s) => s.ComponentType === 'AwsElbLoadBalancer'));
  assert.ok(throughElb !== undefined, 'the classic ELB hop, its CloudFormation type too long for the field');
  assert.ok(throughElb.Resources!.some((r) => r.Type === 'AwsElbLoadBalancer' && r.Id === 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/elb'));
});

test('a classic ELB whose name two accounts hold is filed under its own account\'s ARN in each', async (t) => {
  // The example's account and a copy of it under other ids as 210987654321: both have a classic ELB named "elb".
  const dir = exampleCopy(t);
  copyAsOtherAccount(join(dir, '123456789012', 'us-east-1'), join(dir, '210987654321', 'us-east-1'), '123456789012', '210987654321');
  const json = await runCli('assess', dir, '--format', 'json');
  const ours = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
  const viaIds = new Set(ours.filter((f) => f.via.type === 'CLB').map((f) => `${f.via.id} ${f.instanceId.slice(0, 3)}`));
  // Each account's instances are reached through their own account's ELB (the copy's ids begin i-b).
  assert.deepEqual([...viaIds].sort(), [
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/elb i-0',
    'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/elb i-b',
  ]);
  const { findings } = await asffOf(dir);
  const elbs = new Map<string, string>();
  for (const f of findings) {
    for (const r of f.Resources!.filter((r) => r.Type === 'AwsElbLoadBalancer')) {
      elbs.set(r.Id!, `${f.AwsAccountId} ${r.Details?.AwsElbLoadBalancer?.LoadBalancerName}`);
    }
  }
  assert.deepEqual([...elbs].sort(), [
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/elb', '123456789012 elb'],
    ['arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/elb', '210987654321 elb'],
  ]);
});

test('the ASFF document is byte-identical across runs', async () => {
  assert.equal((await asffOf(EXAMPLE)).text, (await asffOf(EXAMPLE)).text);
});

test('hostile Name tags and process names stay on one line and within the limits', async (t) => {
  const dir = exampleCopy(t);
  makeHostile(dir);
  const { findings } = await asffOf(dir);
  assert.equal(findings.length, 13);
  for (const f of findings) assertWithinLimits(f);
  assert.ok(findings.some((f) => (f.Resources![0]!.Tags?.Name ?? '').includes('\\u000d\\u000asecond line')), 'the line break is shown, not kept');
});

test('without a collection time, asff refuses with one line instead of using the time of the run', async (t) => {
  const noTime = exampleCopy(t);
  dropCollectionTime(noTime);
  const run = await runCli('assess', noTime, '--format', 'asff');
  assert.deepEqual([run.code, run.stdout], [2, '']);
  assert.match(run.stderr, /^netreach: --format asff needs the snapshot's collection time .*\n$/);
  assert.equal((await runCli('assess', noTime, '--format', 'json')).code, 0, 'other formats do without');
});

test('without the account of an instance, asff refuses rather than file it under a made-up one', () => {
  // The writers' fixture network has instances without OwnerId in a VPC without an owner.
  const unplaced = report(engineResult(openToTheWorld()));
  assert.equal(unplaced.assessment.instances[0]!.accountId, null);
  assert.throws(() => renderAsff(unplaced), (error: unknown) => error instanceof ReportError && /needs the AWS account of instance i-0web/.test(error.message));
});

test('path components fit Security Hub\'s 32 characters and stay recognisable', () => {
  assert.equal(componentType('AWS::EC2::NetworkAcl'), 'AWS::EC2::NetworkAcl');
  assert.equal(componentType('AWS::ElasticLoadBalancingV2::TargetGroup'), 'AwsElbv2TargetGroup');
  assert.equal(componentType('AWS::ElasticLoadBalancing::LoadBalancer'), 'AwsElbLoadBalancer');
  assert.equal(componentType('AWS::EC2::TransitGatewayVpcAttachment'), 'AwsEC2TgwVpcAttachment');
  assert.equal(componentId('igw-0fe010647d32ab9a6'), 'igw-0fe010647d32ab9a6');
  assert.equal(componentId('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188'), 'app/web/50dc6c495c0c9188');
  assert.equal(componentId('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a-rather-long-target-group-name/73e2d6bc24d8a067'), '73e2d6bc24d8a067');
});
