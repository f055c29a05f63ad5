// The parts of `netreach collect` that need no AWS API: names, the manifest, the request pool,
// the progress line, the loader's reading of failed calls, and the command line's one-line errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ACCOUNT_CALLS, iamActionOf, PER_PARENT_CALLS, REGION_CALLS, SETUP_CALLS, TerminalProgress, type CallRecord } from '../../src/collect/index.js';
import { callErrorOf } from '../../src/collect/call-error.js';
import { fileStemOf } from '../../src/collect/calls.js';
import { Limiter } from '../../src/collect/limiter.js';
import { renderManifest } from '../../src/collect/manifest.js';
import { parentFileName } from '../../src/collect/snapshot-writer.js';
import { resourceTypeOfCall } from '../../src/snapshot/manifest.js';
import { publicInstance } from '../support/raw-estate.js';
import { runCli } from '../cli/run-cli.js';
import { useFakeAwsEnvironment } from './moto-server.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'netreach-collect-parts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ALL_CALLS = [...REGION_CALLS, ...ACCOUNT_CALLS, ...PER_PARENT_CALLS];

describe('call names', () => {
  test('file names are the AWS CLI words; IAM names both load balancer APIs elasticloadbalancing', () => {
    assert.equal(fileStemOf('ec2:DescribeVpcs'), 'ec2-describe-vpcs');
    assert.equal(fileStemOf('elbv2:DescribeTargetHealth'), 'elbv2-describe-target-health');
    assert.equal(fileStemOf('directconnect:DescribeDirectConnectGatewayAssociations'), 'directconnect-describe-direct-connect-gateway-associations');
    assert.equal(iamActionOf('elbv2:DescribeRules'), 'elasticloadbalancing:DescribeRules');
    assert.equal(iamActionOf('elb:DescribeLoadBalancers'), 'elasticloadbalancing:DescribeLoadBalancers');
    assert.equal(iamActionOf('ec2:DescribeVpcs'), 'ec2:DescribeVpcs');
  });

  test('parent ids become file names that stay in their folder', () => {
    assert.equal(parentFileName('pl-0123456789abcdef0'), 'pl-0123456789abcdef0');
    assert.equal(parentFileName('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067'), 'targetgroup-web-73e2d6bc24d8a067');
    assert.equal(parentFileName('../../etc/passwd'), 'etc-passwd');
  });

  test("the README's IAM policy lists exactly the actions collect uses", () => {
    const readme = readFileSync('README.md', 'utf8');
    const policy = /### IAM policy[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(policy !== undefined, 'an IAM policy in the README');
    const statement = (JSON.parse(policy) as { Statement: { Action: string[] }[] }).Statement[0];
    const used = new Set([...ALL_CALLS, ...SETUP_CALLS.filter((c) => c !== 'sts:GetCallerIdentity')].map(iamActionOf));
    assert.deepEqual([...statement.Action].sort(), [...used].sort());
  });

  test('every call has a resource type the loader names when it fails', () => {
    for (const call of ALL_CALLS) assert.ok(resourceTypeOfCall(call)?.startsWith('AWS::'), call);
  });
});

describe('failed calls', () => {
  test('an AWS error keeps its code; a network error its errno; an unreadable answer its HTTP status', () => {
    const denied = Object.assign(new Error('You are not authorized\nto perform this operation.'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    assert.deepEqual(callErrorOf(denied), { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    assert.equal(callErrorOf(refused).code, 'ECONNREFUSED');
    const html = Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 500 } });
    assert.deepEqual(callErrorOf(html), { code: 'HTTP500', message: 'unreadable response (HTTP 500)' });
  });
});

describe('the manifest', () => {
  const call = (c: Partial<CallRecord> & Pick<CallRecord, 'call'>): CallRecord => ({ account: '123456789012', region: 'us-east-1', status: 'ok', items: 1, ...c });

  test('lists calls by account, region, call and parent whatever order they finished in', () => {
    const calls = [
      call({ call: 'elbv2:DescribeTargetHealth', parent: 'arn:b' }),
      call({ call: 'ec2:DescribeVpcs', region: 'eu-west-1' }),
      call({ call: 'elbv2:DescribeTargetHealth', parent: 'arn:a', status: 'error', error: { code: 'AccessDenied', message: 'no' }, items: 0 }),
      call({ call: 'ec2:DescribeVpcs' }),
    ];
    const manifest = { collectedAt: '2026-11-20T09:30:00Z', tool: { name: 'netreach', version: '1' }, accounts: ['123456789012'], regions: ['us-east-1', 'eu-west-1'] };
    const one = renderManifest({ ...manifest, calls });
    assert.equal(renderManifest({ ...manifest, calls: [...calls].reverse() }), one);
    const parsed = JSON.parse(one) as { regions: string[]; calls: CallRecord[] };
    assert.deepEqual(parsed.regions, ['eu-west-1', 'us-east-1']);
    assert.deepEqual(
      parsed.calls.map((c) => `${c.region} ${c.call} ${c.parent ?? ''}`),
      ['eu-west-1 ec2:DescribeVpcs ', 'us-east-1 ec2:DescribeVpcs ', 'us-east-1 elbv2:DescribeTargetHealth arn:a', 'us-east-1 elbv2:DescribeTargetHealth arn:b'],
    );
    assert.deepEqual(Object.keys(parsed.calls[2]), ['account', 'region', 'call', 'parent', 'status', 'error', 'items']);
  });
});

describe('the request pool', () => {
  test('never has more than its limit in flight, and runs everything', async () => {
    const limiter = new Limiter(3);
    let inFlight = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          inFlight--;
          return i;
        }),
      ),
    );
    assert.equal(most, 3);
    assert.deepEqual(done, Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('the progress line', () => {
  test('redraws one line in place and clears it at the end', () => {
    let text = '';
    let clock = 0;
    const progress = new TerminalProgress((t) => (text += t), '123456789012, us-east-1', () => clock);
    progress.callStarted();
    clock += 200;
    progress.callStarted();
    progress.callFinished(10, false);
    clock += 200;
    progress.callFinished(0, true);
    progress.stop();
    const frames = text.split('\r\u001b[2K').filter((f) => f !== '');
    assert.deepEqual(frames, [
      'collecting 123456789012, us-east-1: 0/1 calls, 0 records',
      'collecting 123456789012, us-east-1: 0/2 calls, 0 records',
      'collecting 123456789012, us-east-1: 2/2 calls, 10 records, 1 failed',
    ]);
    assert.ok(text.endsWith('\r\u001b[2K'));
    assert.ok(!text.includes('\n'));
  });
});

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067';

interface Report {
  readonly assessment: { readonly coverage: { resourceType: string; resourceId: string; reason: string }[] };
  readonly findings: { readonly via: { readonly type: string } }[];
}

describe("the loader reads the manifest's failed calls as coverage gaps", () => {
  function snapshotWithAlb(calls: object[]): string {
    const { e, vpc, subnet, sg, instanceId } = publicInstance([{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }]);
    e.document('LoadBalancers', {
      LoadBalancers: [{ LoadBalancerArn: ALB, LoadBalancerName: 'web', Type: 'application', Scheme: 'internet-facing', VpcId: vpc, AvailabilityZones: [{ SubnetId: subnet, ZoneName: 'us-east-1a' }], SecurityGroups: [sg] }],
    });
    e.document('Listeners', { Listeners: [{ ListenerArn: LISTENER, LoadBalancerArn: ALB, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP }] }] });
    e.document('TargetGroups', { TargetGroups: [{ TargetGroupArn: TARGET_GROUP, TargetGroupName: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpc, TargetType: 'instance', LoadBalancerArns: [ALB] }] });
    e.document('TargetHealth', { TargetGroupArn: TARGET_GROUP, TargetHealthDescriptions: [{ Target: { Id: instanceId, Port: 80 } }] });
    const dir = mkdtempSync(path.join(scratch, 'alb-'));
    e.write(dir);
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ collectedAt: '2026-11-20T09:30:00Z', tool: { name: 'netreach', version: '1' }, calls }));
    return dir;
  }

  async function assessed(dir: string): Promise<Report> {
    const run = await runCli('assess', dir, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as Report;
  }

  test('without failures the ALB path is there and there is no gap', async () => {
    const report = await assessed(snapshotWithAlb([{ account: '123456789012', region: 'us-east-1', call: 'elbv2:DescribeRules', parent: LISTENER, status: 'ok', items: 1 }]));
    assert.deepEqual(report.assessment.coverage, []);
    assert.ok(report.findings.some((f) => f.via.type === 'ALB'));
  });

  test("a listener's rules not collected: the load balancer's listeners are unknown, never partial", async () => {
    const denied = { code: 'AccessDenied', message: 'User is not authorized to perform: elasticloadbalancing:DescribeRules' };
    const report = await assessed(snapshotWithAlb([{ account: '123456789012', region: 'us-east-1', call: 'elbv2:DescribeRules', parent: LISTENER, status: 'error', error: denied, items: 0 }]));
    const gaps = report.assessment.coverage.map((n) => `${n.resourceType} ${n.resourceId}: ${n.reason}`);
    assert.deepEqual(gaps, [
      `AWS::ElasticLoadBalancingV2::Listener ${LISTENER}: not collected: elbv2:DescribeRules failed (AccessDenied: ${denied.message})`,
      `AWS::ElasticLoadBalancingV2::LoadBalancer ${ALB}: its listeners were not collected; nothing it forwards is analysed`,
    ]);
    assert.ok(!report.findings.some((f) => f.via.type === 'ALB'));
  });

  test('a whole-region call that failed is named with its account and region', async () => {
    const report = await assessed(snapshotWithAlb([{ account: '123456789012', region: 'eu-west-1', call: 'ec2:DescribeInstances', status: 'error', error: { code: 'OptInRequired', message: 'region not enabled' }, items: 0 }]));
    assert.deepEqual(
      report.assessment.coverage.map((n) => `${n.resourceType} ${n.resourceId}: ${n.reason}`),
      ['AWS::EC2::Instance all in 123456789012/eu-west-1: not collected: ec2:DescribeInstances failed (OptInRequired: region not enabled)'],
    );
  });
});

describe('netreach collect: bad input is one line, exit 2', () => {
  useFakeAwsEnvironment();
  process.env.AWS_MAX_ATTEMPTS = '1';

  async function closedPort(): Promise<number> {
    return new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 9));
      });
    });
  }

  async function fails(args: string[], message: RegExp): Promise<void> {
    const run = await runCli(...args);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
    assert.match(run.stderr, message);
  }

  test('options', async () => {
    await fails(['collect'], /^netreach: required option '--output <dir>' not specified/);
    await fails(['collect', '--output', path.join(scratch, 'x'), '--regions', 'moon-1'], /"moon-1" is not an AWS region name/);
    await fails(['collect', '--output', path.join(scratch, 'x'), '--role-arn', 'role/x'], /expected a role ARN/);
    await fails(['collect', '--output', path.join(scratch, 'x'), '--concurrency', '0'], /expected a whole number from 1 to 64/);
    await fails(['collect', '--output', path.join(scratch, 'x'), '--endpoint-url', 'ftp://x'], /expected an http:\/\/ or https:\/\/ address/);
    await fails(['assess', '--keep', path.join(scratch, 'k')], /^netreach: --keep goes with --live\n$/);
    await fails(['assess'], /^netreach: missing required argument 'snapshot' \(or --live to collect one now\)\n$/);
    await fails(['assess', 'examples/seed-article', '--live'], /--live collects its own snapshot/);
  });

  test('an output folder with files in it', async () => {
    const used = path.join(scratch, 'used');
    mkdirSync(used, { recursive: true });
    writeFileSync(path.join(used, 'old.json'), '{}');
    await fails(['collect', '--output', used, '--regions', 'us-east-1'], /^netreach: the output folder .* is not empty; choose a new one/);
  });

  test('an output path under a file names that file', async () => {
    const file = path.join(scratch, 'notes.txt');
    writeFileSync(file, 'x');
    await fails(['collect', '--output', file, '--regions', 'us-east-1'], /^netreach: cannot use .*notes\.txt as the output folder: it is a file$/m);
    await fails(['collect', '--output', path.join(file, 'sub'), '--regions', 'us-east-1'], /^netreach: cannot use .*notes\.txt\/sub as the output folder: .*notes\.txt is a file$/m);
  });

  test('no AWS API answering', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    await fails(
      ['collect', '--output', path.join(scratch, 'unreachable'), '--regions', 'us-east-1', '--endpoint-url', endpoint],
      /^netreach: identifying the credentials \(sts:GetCallerIdentity\) failed: ECONNREFUSED: /,
    );
  });
});
