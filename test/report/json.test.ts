import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assessmentJson, findingJson, jsonReportChunks, renderJson } from '../../src/report/json.js';
import type { Via } from '../../src/engine/types.js';
import { engineResult, listener, listenerData } from '../findings/fixtures.js';
import { GAPS, report, webAndDatabaseEngine } from './fixtures.js';

const sampleEngine = webAndDatabaseEngine;
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

test('the JSON report is byte-identical across runs and ends with a newline', () => {
  const listeners = new Map([['i-0web', listenerData('i-0web', listener('tcp', 22, '0.0.0.0', 'sshd'))]]);
  const first = renderJson(report(sampleEngine(), listeners));
  const second = renderJson(report(sampleEngine(), listeners));
  assert.equal(first, second);
  assert.ok(first.endsWith('}\n'));
  assert.ok(first.startsWith(`{\n  "assessment": {\n    "netreachVersion": "${PACKAGE_VERSION}",\n    "snapshot": "examples/small",\n`), first.slice(0, 120));
});

test('key order does not depend on how the inputs were built', () => {
  const reordered = { id: 'igw-0a1b', type: 'IGW' } as unknown as Via;
  const shuffledListener = { process: { path: '/usr/sbin/sshd', pid: 122, name: 'sshd' }, address: '0.0.0.0', port: 22, protocol: 'tcp' as const };
  const a = renderJson(report(sampleEngine(), new Map([['i-0web', listenerData('i-0web', listener('tcp', 22, '0.0.0.0', 'sshd'))]])));
  const b = renderJson(report(sampleEngine(reordered), new Map([['i-0web', listenerData('i-0web', shuffledListener)]])));
  assert.equal(a, b);
});

test('the assessment header carries counts, options, sorted coverage and the snapshot time', () => {
  const parsed = JSON.parse(renderJson(report(sampleEngine(), new Map(), 'Low', [...GAPS].reverse())));
  const a = parsed.assessment;
  assert.deepEqual(Object.keys(a), ['netreachVersion', 'snapshot', 'collectedAt', 'options', 'baseline', 'counts', 'coverage', 'warnings', 'instances']);
  const named = new Set(parsed.findings.map((f: { instanceId: string }) => f.instanceId));
  assert.deepEqual(a.instances.map((i: { instanceId: string }) => i.instanceId), [...named].sort(), 'each instance with findings, once, sorted');
  assert.deepEqual(Object.keys(a.instances[0]), ['instanceId', 'name', 'accountId', 'region', 'vpcId', 'subnetId']);
  assert.equal(a.instances.find((i: { instanceId: string }) => i.instanceId === 'i-0old'), undefined, 'no findings, not listed');
  assert.equal(a.collectedAt, '2024-05-01T09:30:00Z');
  assert.deepEqual(a.options, { ephemeralPorts: [1024, 65535], onpremCidrs: null, minSeverity: 'Low' });
  assert.deepEqual(a.counts.instances, { total: 3, running: 2, analysed: 1 });
  assert.equal(a.counts.files, 9);
  assert.equal(a.counts.vpcs, 1);
  assert.deepEqual(a.coverage.map((c: { resourceType: string }) => c.resourceType), ['AWS::EC2::Instance', 'AWS::EC2::Subnet']);
  assert.deepEqual(a.warnings, ['unknown.json: unknown top-level key "Foo"; skipped']);
  const bySeverity = a.counts.findings.bySeverity;
  assert.deepEqual(Object.keys(bySeverity), ['High', 'Medium', 'Low', 'Informational']);
  assert.equal(bySeverity.Informational, 0, 'filtered out by the minimum severity');
  assert.equal(a.counts.findings.total, parsed.findings.length);
  assert.equal(bySeverity.High + bySeverity.Medium + bySeverity.Low, parsed.findings.length);
  const pg = parsed.findings.find((f: { port: number; instanceId: string }) => f.port === 5432 && f.instanceId === 'i-0db');
  assert.equal(pg.severity, 'Low', 'PostgreSQL (Medium) from a VGW');
  assert.equal(a.counts.findings.byRuleType.RecognizedPortNoAgent, parsed.findings.length);
});

test('each finding has every field, in a fixed order', () => {
  const parsed = JSON.parse(renderJson(report(sampleEngine())));
  const ssh = parsed.findings.find((f: { port: number }) => f.port === 22);
  assert.deepEqual(Object.keys(ssh), [
    'id', 'ruleType', 'severity', 'numericSeverity', 'reachabilityType', 'title', 'description', 'recommendation',
    'instanceId', 'networkInterfaceId', 'vpcId', 'subnetId', 'aclId', 'securityGroupIds', 'ipVersion', 'protocol',
    'port', 'tcpPorts', 'udpPorts', 'portGroupName', 'via', 'sources', 'listener', 'networkPath', 'attributes',
  ]);
  assert.deepEqual(ssh.via, { type: 'IGW', id: 'igw-0a1b' });
  assert.equal(ssh.tcpPorts, null);
  const exposure = parsed.findings.find((f: { ruleType: string; instanceId: string }) => f.ruleType === 'NetworkExposure' && f.instanceId === 'i-0web');
  assert.deepEqual(exposure.tcpPorts, [[0, 65535]]);
  assert.equal(exposure.port, null);
  assert.deepEqual(Object.keys(exposure.attributes), [...Object.keys(exposure.attributes)].sort());
});

test('no findings still gives a complete document', () => {
  const text = renderJson(report(engineResult()));
  const parsed = JSON.parse(text);
  assert.deepEqual(parsed.findings, []);
  assert.equal(parsed.assessment.counts.findings.total, 0);
});

test('the streamed report is, chunk by chunk, the same bytes as one JSON.stringify of the document', () => {
  const one = report(sampleEngine(), new Map(), 'Informational', GAPS);
  // Enough findings that the writer cuts the report into several chunks.
  const many = { assessment: one.assessment, findings: Array.from({ length: 1500 }, () => one.findings).flat() };
  const chunks = [...jsonReportChunks(many)];
  assert.ok(chunks.length > 2, `${chunks.length} chunks`);
  const whole = `${JSON.stringify({ assessment: assessmentJson(many.assessment), findings: many.findings.map(findingJson) }, null, 2)}\n`;
  assert.equal(chunks.join(''), whole);
  // Findings are written in batches: a last batch that is short, full or a single finding reads the same.
  for (const count of [1, 63, 64, 65, 1001]) {
    const some = { assessment: one.assessment, findings: many.findings.slice(0, count) };
    const wholeSome = `${JSON.stringify({ assessment: assessmentJson(some.assessment), findings: some.findings.map(findingJson) }, null, 2)}\n`;
    assert.equal([...jsonReportChunks(some)].join(''), wholeSome, `${count} findings`);
  }
  const none = { assessment: one.assessment, findings: [] };
  assert.equal([...jsonReportChunks(none)].join(''), `${JSON.stringify({ assessment: assessmentJson(none.assessment), findings: [] }, null, 2)}\n`);
});
