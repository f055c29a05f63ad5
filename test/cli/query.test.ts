// `netreach query` end to end through main(): SPEC §6's JSON, the table, batches with
// expectations, and one-line errors with exit 2 on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

const EXAMPLE = 'examples/seed-article';
const WEB = 'i-048c5aa472546e50c';
const PUBLIC_WEB = '54.165.98.203';
const CONFORMANCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'conformance', 'batfish', 'public-subnet');

test('query --format json answers {verdict, paths, blockers} and nothing else, exit 0 either way', async () => {
  const open = await runCli('query', EXAMPLE, '--from', '8.8.8.8', '--to', WEB, '--protocol', 'tcp', '--port', '22', '--format', 'json');
  assert.equal(open.code, 0, open.stderr);
  const reachable = JSON.parse(open.stdout) as { verdict: string; paths: { via: unknown; forward: unknown[]; return: unknown[] }[]; blockers: unknown[] };
  assert.deepEqual(Object.keys(reachable), ['verdict', 'paths', 'blockers']);
  assert.equal(reachable.verdict, 'reachable');
  assert.deepEqual(Object.keys(reachable.paths[0]!), ['via', 'forward', 'return']);
  assert.deepEqual(reachable.blockers, []);
  const closed = await runCli('query', EXAMPLE, '--from', 'internet', '--to', WEB, '--protocol', 'tcp', '--port', '3389', '--format', 'json');
  assert.equal(closed.code, 0, closed.stderr);
  const blocked = JSON.parse(closed.stdout) as { verdict: string; paths: unknown[]; blockers: Record<string, string>[] };
  assert.equal(blocked.verdict, 'blocked');
  assert.deepEqual(blocked.paths, []);
  assert.deepEqual(Object.keys(blocked.blockers[0]!), ['code', 'componentType', 'componentId', 'detail']);
  assert.equal(blocked.blockers[0]!['code'], 'ENI_SG_RULES_MISMATCH');
});

test('query prints the path with the rule of every hop, the same bytes every time', async () => {
  const first = await runCli('query', EXAMPLE, '--from', '8.8.8.8', '--to', WEB, '--protocol', 'tcp', '--port', '22');
  const second = await runCli('query', EXAMPLE, '--from', '8.8.8.8', '--to', WEB, '--protocol', 'tcp', '--port', '22');
  assert.equal(first.stdout, second.stdout);
  assert.match(first.stdout, /^tcp port 22 from 8\.8\.8\.8 to i-048c5aa472546e50c: reachable/);
  assert.match(first.stdout, /SecurityGroup\s+sg-0dc3e2aaca090f14a\s+inbound tcp/);
  assert.match(first.stdout, /\n {4}return\n/);
});

test('query --batch answers each query of an expected.json and says whether it agrees', async () => {
  const table = await runCli('query', join(CONFORMANCE, 'aws_configs'), '--batch', join(CONFORMANCE, 'expected.json'));
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /testFromInternetToValidPublicIp-1 {2}blocked {2}agrees {2}\(blocked at security-group-ingress sg-09ccba6656672061b/);
  assert.match(table.stdout, /5 queries, 5 with an expectation, 5 agree\n$/);
  const json = JSON.parse((await runCli('query', join(CONFORMANCE, 'aws_configs'), '--batch', join(CONFORMANCE, 'expected.json'), '--format', 'json')).stdout) as {
    summary: string;
    results: { id: string; verdict: string; agrees: boolean }[];
  };
  assert.equal(json.results.length, 5);
  assert.ok(json.results.every((r) => r.agrees));
});

test('a batch without expectations just answers; a disagreement is shown, exit still 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-batch-'));
  try {
    const file = join(dir, 'queries.json');
    writeFileSync(file, JSON.stringify([
      { id: 'ssh', from: { kind: 'internet', address: '8.8.8.8' }, to: { address: PUBLIC_WEB }, protocol: 'tcp', dstPort: 22 },
      { id: 'wrong', from: { kind: 'instance', instanceId: WEB }, to: { address: '8.8.8.8' }, protocol: 'udp', dstPort: 53, expect: 'blocked' },
    ]));
    const run = await runCli('query', EXAMPLE, '--batch', file);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ssh {2}reachable {2}-$/m);
    assert.match(run.stdout, /^wrong {2}reachable {2}DISAGREES {2}\(expected blocked\)/m);
    assert.match(run.stdout, /2 queries, 1 with an expectation, 0 agree, 1 disagree/);
    writeFileSync(file, JSON.stringify({ queries: [{ from: { kind: 'moon' }, to: { address: '1.1.1.1' }, protocol: 'tcp' }] }));
    const bad = await runCli('query', EXAMPLE, '--batch', file);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^netreach: .*queries\.json: \$\.queries\[0\]\.from\.kind: expected "internet", "instance", "address" or "gateway"\n$/);
    writeFileSync(file, '5');
    assert.match((await runCli('query', EXAMPLE, '--batch', file)).stderr, /^netreach: .*queries\.json: \$: expected an object, got 5\n$/);
    writeFileSync(file, '{"queries": [');
    assert.match((await runCli('query', EXAMPLE, '--batch', file)).stderr, /^netreach: .*queries\.json: \$: expected JSON, got a syntax error at line 1, column 14 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad query input: one line on stderr, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--from', 'i-0000000000000dead', '--to', WEB, '--protocol', 'tcp', '--port', '22'], /instance i-0000000000000dead is not in the snapshot/],
    [['--from', 'internet', '--to', WEB, '--protocol', 'tcpx', '--port', '22'], /expected tcp, udp, icmp or an IP protocol number/],
    [['--from', 'internet', '--to', WEB, '--protocol', 'tcp'], /needs a destination port/],
    [['--from', 'nowhere', '--to', WEB, '--protocol', 'tcp', '--port', '22'], /expected an IP address, an instance/],
    [['--from', 'internet', '--to', '10.0.1.300', '--protocol', 'tcp', '--port', '22'], /"10\.0\.1\.300" is not an IP address/],
    [['--from', 'internet', '--to', '2001:db8::zz', '--protocol', 'tcp', '--port', '22'], /"2001:db8::zz" is not an IP address/],
    [['--from', 'internet', '--to', 'web.lb', '--protocol', 'tcp', '--port', '22'], /expected an IP address, an instance or ENI id, or a load balancer name or ARN/],
    [['--to', WEB, '--protocol', 'tcp', '--port', '22'], /needs --from, --to and --protocol/],
    [['--from', 'internet', '--to', WEB, '--protocol', 'tcp', '--port', '70000'], /expected a port 0-65535/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli('query', EXAMPLE, ...args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.equal(run.stdout, '');
  }
});
