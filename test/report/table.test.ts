import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet } from '../../src/net/index.js';
import { renderTable, shortId, truncate, wrapWords } from '../../src/report/table.js';
import { INTERNET_V6, admission, cell, engineResult, listener, listenerData, openToTheWorld, reachability } from '../findings/fixtures.js';
import { report } from './fixtures.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-frontend-production/50dc6c495c0c9188';

function busyEngine() {
  const office = AddressSet.fromCidr('198.51.100.0/24');
  return engineResult(
    openToTheWorld({ instanceId: 'i-0123456789abcdef0', networkInterfaceId: 'eni-0123456789abcdef0', via: { type: 'IGW', id: 'igw-0123456789abcdef0' } }),
    openToTheWorld({
      ipVersion: 6,
      destinationAddresses: ['2600:1f18:1:100::10'],
      cells: [cell('tcp', [0, 65535], INTERNET_V6, [admission('sg-0web', INTERNET_V6, 'inbound tcp all ports from ::/0')])],
    }),
    reachability({
      via: { type: 'ALB', id: ALB, listenerPort: 443 },
      cells: [cell('tcp', [8080, 8080], office, [admission('sg-0123456789abcdef0', office, 'inbound tcp port 8080 from 198.51.100.0/24')])],
    }),
    reachability({
      instanceId: 'i-0db',
      reachabilityType: 'TransitGateway',
      via: { type: 'TGW', id: 'tgw-0123456789abcdef0' },
      cells: [cell('udp', [0, 65535], office, [admission('sg-0db', office, 'inbound udp all ports from 198.51.100.0/24')])],
    }),
  );
}

const LISTENERS = new Map([['i-0web', listenerData('i-0web', listener('tcp', 8080, '::', 'global-catalog-replicator-service'))]]);

test('every line fits in 80 columns', () => {
  const text = renderTable(report(busyEngine(), LISTENERS));
  for (const line of text.split('\n')) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  assert.ok(text.endsWith('\n'));
});

test('the table is deterministic', () => {
  assert.equal(renderTable(report(busyEngine(), LISTENERS)), renderTable(report(busyEngine(), LISTENERS)));
});

test('findings are grouped by severity, High first, then by instance', () => {
  const lines = renderTable(report(busyEngine(), LISTENERS)).split('\n');
  const headings = lines.filter((l) => /^(HIGH|MEDIUM|LOW|INFORMATIONAL) \(\d+\)$/.test(l)).map((l) => l.split(' ')[0]);
  assert.deepEqual(headings, ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
  const groups = new Map<string, string[]>();
  let current = '';
  for (const line of lines) {
    if (/^[A-Z]+ \(\d+\)$/.test(line)) current = line.split(' ')[0];
    else if (/^i-/.test(line)) groups.set(current, [...(groups.get(current) ?? []), line]);
  }
  assert.deepEqual(groups.get('HIGH'), ['i-0123456789abcdef0']);
  assert.deepEqual(groups.get('INFORMATIONAL'), ['i-0123456789abcdef0', 'i-0db', 'i-0web']);
});

test('a finding line names the rule, port, service and entry point; details follow indented', () => {
  const lines = renderTable(report(busyEngine(), LISTENERS)).split('\n');
  const telnet = lines.findIndex((l) => /^  RecognizedPortNoAgent +TCP 23 +Telnet +Internet igw-0123456789abcd…$/.test(l));
  assert.ok(telnet >= 0, lines.join('\n'));
  assert.equal(lines[telnet + 1], '      from 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16');
  assert.equal(lines[telnet + 2], '      path igw-0a1b > rtb-0pub > acl-0pub > sg-0web > eni-0web');
  assert.ok(lines.some((l) => /^  RecognizedPortNoListener +TCP 23 +Telnet +Internet IPv6 igw-0a1b$/.test(l)));
  assert.ok(lines.some((l) => /^  UnrecognizedPortWithListener +TCP 8080 +global-ca… +Internet ALB web-frontend-p…$/.test(l)), lines.join('\n'));
  const exposure = lines.findIndex((l) => /^  NetworkExposure +UDP +sg-0db +TransitGateway tgw-01234567…$/.test(l));
  assert.ok(exposure >= 0, lines.join('\n'));
  assert.equal(lines[exposure + 1], '      sg-0db admits UDP 0-65535');
  assert.equal(lines[exposure + 2], '      from 198.51.100.0/24');
});

test('the footer counts findings per severity and lists the first coverage gaps', () => {
  const text = renderTable(report(busyEngine(), LISTENERS));
  assert.match(text, /\nFindings: \d+ High, \d+ Medium, \d+ Low, \d+ Informational \(minimum informational\)\n/);
  assert.match(text, /\nCoverage gaps: 2\n  Instance i-0db: security group sg-0gone is not in the snapshot\n  Subnet subnet-0priv: /);
  assert.match(text, /\nWarnings: 1 \(see --format json\)\n$/);
  assert.match(text, /^netreach assessment of examples\/small \(collected 2024-05-01T09:30:00Z\)\n1 VPC, 0 subnets, 1 of 2 running instances analysed, 0 load balancers\n/);
});

test('an empty report says so', () => {
  const text = renderTable(report(engineResult(), new Map(), 'High', []));
  assert.match(text, /No findings at or above high severity\./);
  assert.match(text, /\nCoverage gaps: 0\n/);
});

test('helpers: truncation marks the cut, ARNs shorten to names', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  assert.equal(shortId(ALB), 'web-frontend-production');
  assert.equal(shortId('arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg-web/6d0ecf831eec9f09'), 'tg-web');
  assert.equal(shortId('igw-0a1b'), 'igw-0a1b');
});

test('word wrapping keeps to the width and the line budget', () => {
  const text = 'Subnet subnet-0a68915f31d3ca69f: the network ACL of this subnet is not in the snapshot; its checks were skipped';
  const lines = wrapWords(text, '  ', '      ', 2);
  assert.deepEqual(lines, [
    '  Subnet subnet-0a68915f31d3ca69f: the network ACL of this subnet is not in the',
    '      snapshot; its checks were skipped',
  ]);
  const long = wrapWords('word '.repeat(60).trim(), '', '  ', 2);
  assert.equal(long.length, 2);
  assert.ok(long.every((l) => l.length <= 80));
  assert.ok(long[1].endsWith('…'));
  assert.deepEqual(wrapWords('short', '  ', '    ', 2), ['  short']);
});

test('each instance heading names the instance by its Name tag too, and every finding of it follows in order', async () => {
  const { runCli } = await import('../cli/run-cli.js');
  const { code, stdout } = await runCli('assess', 'examples/seed-article');
  assert.equal(code, 0);
  const lines = stdout.split('\n');
  const headings = lines.filter((l) => /^i-/.test(l));
  assert.deepEqual(headings, [
    'i-0d6766a616dd5a508 (noagent)',
    'i-048c5aa472546e50c (agent)',
    'i-0d6766a616dd5a508 (noagent)',
    'i-048c5aa472546e50c (agent)',
    ...headings.slice(4),
  ]);
  assert.ok(headings.slice(4).every((h) => / \([^)]+\)$/.test(h)), headings.join('\n'));
  // Under each heading, only that instance's findings (their paths end at it).
  let instance = '';
  for (const line of lines) {
    if (/^i-/.test(line)) instance = line.split(' ')[0]!;
    else if (/^ {10}> .* > i-/.test(line)) assert.ok(line.endsWith(instance), `${line} under ${instance}`);
  }
});
