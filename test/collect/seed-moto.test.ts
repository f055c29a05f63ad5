// Issue 6 end to end against a real local AWS API (moto): the bundled seed example's environment
// is built through the SDK, `netreach collect` reads it back into a snapshot folder, the loader
// reads that folder unchanged, and `assess` finds the same facts as in the bundled snapshot (ids
// differ). The extras (peering, IPv6, ALB, NLB) give the findings SPEC §2-§4 say they must.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PER_PARENT_CALLS, REGION_CALLS, type CallRecord, type CollectManifest } from '../../src/collect/index.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { runCli } from '../cli/run-cli.js';
import { factsOf, namesIn, type AssessReport } from './findings-facts.js';
import { startMoto, useFakeAwsEnvironment, type MotoServer } from './moto-server.js';
import { buildSeedEstate, REGION, type BuiltEstate } from './seed-estate.js';

const SEED = 'examples/seed-article';
const SEED_REGION_FOLDER = path.join(SEED, '123456789012', 'us-east-1');
const ACCOUNT = '123456789012';

let moto: MotoServer;
let estate: BuiltEstate;
let scratch: string;
let collected: string;
let collectRun: { code: number; stdout: string; stderr: string };

before(async () => {
  useFakeAwsEnvironment();
  // moto answers Direct Connect's calls with HTTP 500: one attempt each keeps the test quick.
  process.env.AWS_MAX_ATTEMPTS = '1';
  moto = await startMoto();
  estate = await buildSeedEstate(moto.endpoint);
  scratch = mkdtempSync(path.join(tmpdir(), 'netreach-collect-'));
  collected = path.join(scratch, 'snapshot');
  collectRun = await runCli('collect', '--endpoint-url', moto.endpoint, '--regions', REGION, '--output', collected);
});

after(async () => {
  await moto?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

function manifest(): CollectManifest {
  return JSON.parse(readFileSync(path.join(collected, 'manifest.json'), 'utf8')) as CollectManifest;
}

function regionFolder(root: string): string {
  return path.join(root, ACCOUNT, REGION);
}

async function assessJson(...args: string[]): Promise<AssessReport> {
  const run = await runCli('assess', ...args, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as AssessReport;
}

/** The seed's listener data for `agent`, moved to the instance moto made and to the collection time. */
function addSeedAgentData(snapshot: string, collectedAt: string): void {
  const seedFile = path.join(SEED, 'agent', 'i-048c5aa472546e50c.json');
  const data = JSON.parse(readFileSync(seedFile, 'utf8')) as { instanceId: string; collectedAt: string };
  const agentId = estate.instances['agent'];
  mkdirSync(path.join(snapshot, 'agent'), { recursive: true });
  writeFileSync(path.join(snapshot, 'agent', `${agentId}.json`), JSON.stringify({ ...data, instanceId: agentId, collectedAt }));
}

describe('netreach collect against moto', () => {
  test('writes one file per call under account/region, and says which calls failed', () => {
    assert.equal(collectRun.code, 0, collectRun.stderr);
    assert.equal(collectRun.stdout, '');
    const lines = collectRun.stderr.trimEnd().split('\n');
    // moto has no Direct Connect virtual interfaces or gateways: an unsupported service, recorded.
    assert.deepEqual(
      lines.filter((l) => l.includes('failed in')).map((l) => l.replace(/: HTTP500.*/, '')),
      [
        `netreach: directconnect:DescribeDirectConnectGateways failed in ${ACCOUNT}/${REGION}`,
        `netreach: directconnect:DescribeVirtualInterfaces failed in ${ACCOUNT}/${REGION}`,
      ],
    );
    assert.match(lines.at(-1) ?? '', new RegExp(`^collected \\d+ records in \\d+ calls, 2 failed from ${ACCOUNT} in ${REGION} in \\d+\\.\\ds into `));
    for (const file of ['ec2-describe-vpcs.json', 'ec2-describe-instances.json', 'elb-describe-load-balancers.json', 'elbv2-describe-target-groups.json']) {
      assert.ok(existsSync(path.join(regionFolder(collected), file)), file);
    }
  });

  test('the manifest records every call, sorted, with its outcome and item count', () => {
    const m = manifest();
    assert.match(m.collectedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(m.tool.name, 'netreach');
    assert.deepEqual(m.accounts, [ACCOUNT]);
    assert.deepEqual(m.regions, [REGION]);
    const key = (c: CallRecord): string => `${c.account} ${c.region} ${c.call} ${c.parent ?? ''}`;
    const keys = m.calls.map(key);
    assert.deepEqual(keys, [...keys].sort(), 'calls sorted');
    const made = new Set(m.calls.map((c) => c.call));
    for (const call of REGION_CALLS) assert.ok(made.has(call), call);
    for (const call of PER_PARENT_CALLS.filter((c) => !c.startsWith('directconnect:') && !c.includes('TransitGateway'))) assert.ok(made.has(call), call);
    for (const call of m.calls) {
      if (call.status === 'ok') assert.ok(call.file !== undefined && existsSync(path.join(collected, call.file)), call.file);
      else assert.ok(call.error !== undefined && call.error.code !== '', key(call));
    }
    const count = (name: string, parent?: string) => m.calls.find((c) => c.call === name && (parent === undefined || c.parent === parent))?.items;
    assert.equal(count('ec2:DescribeInstances'), 5, 'reservations: one per run-instances call');
    assert.equal(count('elb:DescribeLoadBalancers'), 1);
    assert.equal(count('elbv2:DescribeLoadBalancers'), 2);
    assert.equal(m.calls.filter((c) => c.call === 'elbv2:DescribeTargetHealth').length, 2, 'one per target group');
    assert.deepEqual(
      m.calls.filter((c) => c.call === 'elbv2:DescribeTargetHealth').map((c) => c.items),
      [1, 1],
    );
  });

  test('per-parent files carry their parent id (SPEC §1)', () => {
    const m = manifest();
    const fileOf = (call: string) => m.calls.filter((c) => c.call === call && c.status === 'ok');
    for (const c of fileOf('elbv2:DescribeTargetHealth')) {
      const doc = JSON.parse(readFileSync(path.join(collected, c.file ?? ''), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), ['TargetGroupArn', 'TargetHealthDescriptions']);
      assert.equal(doc['TargetGroupArn'], c.parent);
    }
    for (const c of fileOf('elbv2:DescribeTargetGroupAttributes')) {
      const doc = JSON.parse(readFileSync(path.join(collected, c.file ?? ''), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), ['TargetGroupArn', 'Attributes']);
    }
    for (const c of fileOf('ec2:GetManagedPrefixListEntries')) {
      const doc = JSON.parse(readFileSync(path.join(collected, c.file ?? ''), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), ['PrefixListId', 'Entries']);
      assert.equal(doc['PrefixListId'], c.parent);
    }
    for (const c of fileOf('elbv2:DescribeListeners')) {
      const doc = JSON.parse(readFileSync(path.join(collected, c.file ?? ''), 'utf8')) as { LoadBalancerListeners: { LoadBalancerArn: string }[] };
      assert.deepEqual(doc.LoadBalancerListeners.map((l) => l.LoadBalancerArn), [c.parent]);
    }
    assert.equal(fileOf('elbv2:DescribeRules').length, 2, 'rules of each listener');
  });

  test('the loader reads the folder unchanged: every file a known kind, no warning', async () => {
    const snapshot = await loadSnapshot(collected, { lenient: false });
    assert.deepEqual(snapshot.warnings, []);
    const n = snapshot.network;
    assert.equal(n.collectedAt, manifest().collectedAt);
    assert.equal(n.instances.size, 5);
    assert.equal(n.loadBalancers.size, 3);
    assert.equal(n.peeringConnections.size, 1);
    for (const id of Object.values(estate.instances)) assert.ok(n.instances.has(id), id);
    for (const kind of ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'Reservations', 'LoadBalancerDescriptions', 'LoadBalancers', 'LoadBalancerListeners', 'Rules', 'TargetGroups', 'TargetHealthDescriptions', 'Entries']) {
      assert.ok(n.kindsPresent.has(kind), kind);
    }
  });

  test("assess finds the bundled snapshot's facts for the seed's instances (ids differ)", async () => {
    const withAgent = path.join(scratch, 'with-agent');
    const copy = await runCli('collect', '--endpoint-url', moto.endpoint, '--regions', REGION, '--output', withAgent, '--quiet');
    assert.equal(copy.code, 0, copy.stderr);
    const collectedAt = (JSON.parse(readFileSync(path.join(withAgent, 'manifest.json'), 'utf8')) as CollectManifest).collectedAt;
    addSeedAgentData(withAgent, collectedAt);

    const bundled = await assessJson(SEED);
    const live = await assessJson(withAgent);
    const seedNames = new Set(['web', 'agent', 'noagent', 'private']);
    const liveNames = namesIn(regionFolder(withAgent));
    const liveSeedFindings = live.findings.filter((f) => seedNames.has(liveNames.get(f.instanceId) ?? ''));
    assert.deepEqual(factsOf(liveSeedFindings, liveNames), factsOf(bundled.findings, namesIn(SEED_REGION_FOLDER)));
    assert.equal(bundled.findings.length, 13);
  });

  test('assess finds the extras: peering, IPv6, ALB and NLB', async () => {
    const report = await assessJson(collected);
    const names = namesIn(regionFolder(collected));
    const app = factsOf(
      report.findings.filter((f) => names.get(f.instanceId) === 'app' && f.ruleType !== 'NetworkExposure'),
      names,
    ).map((fact) => fact.split(' | ').slice(0, 9).join(' | '));
    assert.deepEqual(app, [
      'app | RecognizedPortNoAgent | Internet | Informational | tcp 443 | HTTPS | via NLB lb:443 | IPv4 | groups app',
      'app | RecognizedPortNoAgent | Internet | Informational | tcp 80 | HTTP | via ALB lb:80 | IPv4 | groups app',
      'app | RecognizedPortNoAgent | Internet | Medium | tcp 22 | SSH | via IGW | IPv6 | groups app',
      'app | RecognizedPortNoAgent | PeeredVpc | Informational | tcp 443 | HTTPS | via PCX | IPv4 | groups app',
      'app | RecognizedPortNoAgent | PeeredVpc | Low | tcp 3306 | MySQL | via PCX | IPv4 | groups app',
    ]);
    const peered = report.findings.find((f) => f.reachabilityType === 'PeeredVpc' && f.port === 3306);
    assert.deepEqual(peered?.sources, ['10.2.0.0/16']);
  });

  test('what failed is missing coverage in assess, never "no findings"', async () => {
    const report = await assessJson(collected);
    assert.deepEqual(
      report.assessment.coverage.map((n) => `${n.resourceType} ${n.resourceId}: ${n.reason.replace(/ \(.*/, '')}`),
      [
        `AWS::DirectConnect::Gateway all in ${ACCOUNT}/${REGION}: not collected: directconnect:DescribeDirectConnectGateways failed`,
        `AWS::DirectConnect::VirtualInterface all in ${ACCOUNT}/${REGION}: not collected: directconnect:DescribeVirtualInterfaces failed`,
      ],
    );
  });

  test('--role-arn twice: each role\'s account in a folder of its own, both in the manifest', async () => {
    const accounts = path.join(scratch, 'accounts');
    const roles = ['111111111111', '222222222222'].flatMap((account) => ['--role-arn', `arn:aws:iam::${account}:role/netreach-read`]);
    const run = await runCli('collect', '--endpoint-url', moto.endpoint, '--regions', REGION, '--output', accounts, '--quiet', ...roles);
    assert.equal(run.code, 0, run.stderr);
    const m = JSON.parse(readFileSync(path.join(accounts, 'manifest.json'), 'utf8')) as CollectManifest;
    assert.deepEqual(m.accounts, ['111111111111', '222222222222']);
    for (const account of m.accounts) assert.ok(existsSync(path.join(accounts, account, REGION, 'ec2-describe-vpcs.json')), account);
    // moto keeps each account's resources apart: the seed's estate is in 123456789012 only.
    const snapshot = await loadSnapshot(accounts, { lenient: false });
    assert.equal(snapshot.network.instances.size, 0);
  });

  test('assess --live collects into --keep DIR and reports what collect + assess report', async () => {
    const kept = path.join(scratch, 'kept');
    const live = await assessJson('--live', '--endpoint-url', moto.endpoint, '--regions', REGION, '--keep', kept, '--quiet');
    const twoSteps = await assessJson(collected);
    const names = namesIn(regionFolder(collected));
    assert.deepEqual(factsOf(live.findings, names), factsOf(twoSteps.findings, names));
    assert.ok(existsSync(path.join(kept, 'manifest.json')));
  });
});
