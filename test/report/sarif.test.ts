import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { runCli } from '../cli/run-cli.js';
import { renderSarif, snapshotUri } from '../../src/report/sarif.js';
import type { Via } from '../../src/engine/types.js';
import { engineResult, openToTheWorld } from '../findings/fixtures.js';
import { report } from './fixtures.js';
import { EXAMPLE, exampleCopy, HOSTILE_NAMES, makeHostile } from './example-copy.js';

// The official OASIS schema, read in place (draft-04), with its formats (uri, uri-reference, date-time) checked too.
const schema: unknown = JSON.parse(readFileSync(new URL('../../../shared/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(schema as object);

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface JsonFinding {
  readonly id: string;
  readonly severity: string;
  readonly ruleType: string;
  readonly portGroupName: string | null;
  readonly reachabilityType: string;
  readonly instanceId: string;
  readonly networkInterfaceId: string;
  readonly securityGroupIds: string[];
}

async function sarifOf(snapshot: string): Promise<{ text: string; log: Log }> {
  const run = await runCli('assess', snapshot, '--format', 'sarif');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return { text: run.stdout, log: JSON.parse(run.stdout) as Log };
}

function assertValid(log: Log): void {
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
}

const BANDS: Readonly<Record<string, [number, number]>> = { High: [7, 8.9], Medium: [4, 6.9], Low: [0.1, 3.9], Informational: [0, 0] };
const LEVELS: Readonly<Record<string, string>> = { High: 'error', Medium: 'warning', Low: 'note', Informational: 'note' };

test('the bundled example is valid SARIF 2.1.0 by the official schema, one result per finding', async () => {
  const { log } = await sarifOf(EXAMPLE);
  assertValid(log);
  const broken = structuredClone(log);
  broken.runs[0]!.results![0]!.level = 'fatal' as Result['level'];
  assert.equal(validateSarif(broken), false, 'the schema does reject what is not SARIF');
  const json = await runCli('assess', EXAMPLE, '--format', 'json');
  const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.deepEqual([run.tool.driver.name, run.tool.driver.version], ['netreach', PACKAGE_VERSION]);
  assert.match(run.tool.driver.informationUri ?? '', /^https:\/\//);
  const results = run.results ?? [];
  assert.equal(results.length, 13);
  assert.deepEqual(results.map((r) => r.partialFingerprints?.['netreachFindingId/v1']), findings.map((f) => f.id), 'fingerprints are the stable finding ids');
  assert.equal(results.filter((r) => r.level === 'error').length, 1, 'the one High finding is the one error');
  for (const [i, result] of results.entries()) {
    const f = findings[i]!;
    assert.equal(result.level, LEVELS[f.severity]);
    const [low, high] = BANDS[f.severity]!;
    const score = Number(result.properties?.['security-severity']);
    assert.ok(score >= low && score <= high, `${f.severity} → ${score}`);
    assert.equal(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'examples/seed-article', 'GitHub needs a file location on every result');
    const kinds = result.locations?.[0]?.logicalLocations?.map((l) => `${l.kind} ${l.name}`);
    assert.deepEqual(kinds, [
      'awsAccount 123456789012',
      `vpc ${'vpc-0a1b2c3d4e5f60718'}`,
      `instance ${f.instanceId}`,
      `networkInterface ${f.networkInterfaceId}`,
      ...f.securityGroupIds.map((g) => `securityGroup ${g}`),
    ]);
  }
});

test('one rule per rule type, port group and source, each with one severity its results share', async () => {
  const { log } = await sarifOf(EXAMPLE);
  const run = log.runs[0]!;
  const rules: ReportingDescriptor[] = run.tool.driver.rules ?? [];
  assert.deepEqual(rules.map((r) => r.id), [...rules.map((r) => r.id)].sort(), 'sorted');
  assert.ok(rules.some((r) => r.id === 'RecognizedPortNoAgent/FTP/Internet'));
  assert.ok(rules.some((r) => r.id === 'NetworkExposure/Internet'));
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  for (const result of run.results ?? ([] as Result[])) {
    const rule = rules[result.ruleIndex!]!;
    assert.equal(rule.id, result.ruleId);
    assert.equal(rule.properties?.['security-severity'], result.properties?.['security-severity']);
    assert.equal(rule.defaultConfiguration?.level, result.level);
  }
  for (const rule of rules) {
    assert.ok(rule.properties?.tags?.includes('security'), 'GitHub lists it as a security alert');
    assert.ok((rule.help?.text ?? '').includes('security-group rule'), 'the help says what to change');
    assert.ok((rule.shortDescription?.text ?? '').length > 0);
  }
  const ftp = rules.find((r) => r.id === 'RecognizedPortNoAgent/FTP/Internet')!;
  assert.equal(ftp.properties?.['security-severity'], '8.0');
});

test('the SARIF log is byte-identical across runs and carries no time but the snapshot\'s', async () => {
  const first = await sarifOf(EXAMPLE);
  const second = await sarifOf(EXAMPLE);
  assert.equal(first.text, second.text);
  const times = first.text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^"]*/g) ?? [];
  assert.deepEqual([...new Set(times)], ['2026-11-20T09:30:00Z']);
});

test('hostile Name tags stay data: the log is still valid and keeps them as they were', async (t) => {
  const dir = exampleCopy(t);
  makeHostile(dir);
  const { log } = await sarifOf(dir);
  assertValid(log);
  const names = new Set((log.runs[0]!.results ?? []).map((r) => r.properties?.instanceName as string));
  assert.deepEqual([...names].sort(), HOSTILE_NAMES.slice(0, 3).sort());
});

test('the artifact is the snapshot folder as a URI reference', () => {
  assert.equal(snapshotUri('examples/seed-article/'), 'examples/seed-article');
  assert.equal(snapshotUri('./snapshots/prod 2024#1'), 'snapshots/prod%202024%231');
  assert.equal(snapshotUri('/srv/snap shots/prod'), 'file:///srv/snap%20shots/prod');
  assert.equal(snapshotUri('.'), '.');
});

test('key order does not depend on how upstream code built its objects', () => {
  const reordered = { id: 'igw-0a1b', type: 'IGW' } as unknown as Via;
  const a = renderSarif(report(engineResult(openToTheWorld({ via: { type: 'IGW', id: 'igw-0a1b' } }))));
  const b = renderSarif(report(engineResult(openToTheWorld({ via: reordered }))));
  assert.equal(a, b);
  assert.match(a, /"via": \{\n\s+"type": "IGW",\n\s+"id": "igw-0a1b"\n/);
});
