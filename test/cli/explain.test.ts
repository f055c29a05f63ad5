// `netreach explain` end to end: every finding of the bundled example gets its story, naming the
// security-group rule that admits it and the smallest change that closes it; unknown ids exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onTerminal, runCli } from './run-cli.js';

const EXAMPLE = 'examples/seed-article';

interface JsonFinding {
  readonly id: string;
  readonly ruleType: string;
  readonly securityGroupIds: readonly string[];
  readonly networkPath: readonly { componentType: string; componentId: string; rule?: string }[];
}

test('explain tells each finding of the bundled example: its path, the admitting rule, the smallest closing change', async () => {
  const report = await runCli('assess', EXAMPLE, '--format', 'json');
  const findings = (JSON.parse(report.stdout) as { findings: JsonFinding[] }).findings;
  assert.ok(findings.length >= 10);
  for (const finding of findings) {
    const run = await runCli('explain', EXAMPLE, finding.id);
    assert.equal(run.code, 0, `${finding.id}: ${run.stderr}`);
    assert.ok(run.stdout.startsWith(`${finding.id}  ${finding.ruleType}`), run.stdout);
    // The rule of the finding's own group on the path is named, in the path and in the closing change.
    const admitting = finding.networkPath.filter((s) => s.componentType === 'AWS::EC2::SecurityGroup' && finding.securityGroupIds.includes(s.componentId));
    assert.ok(admitting.length > 0, finding.id);
    for (const step of admitting) assert.ok(run.stdout.includes(`${step.componentId}  ${step.rule!}`), `${finding.id} names ${step.rule}`);
    const smallest = /Smallest change that closes it:\n {2}(.*)\n/.exec(run.stdout)?.[1] ?? '';
    if (finding.ruleType === 'NetworkExposure') {
      // Exposure: the group must admit nothing reachable, so every rule of it that does goes (or the one rule).
      assert.match(smallest, /^Remove (these rules together: |security group )sg-[0-9a-f]+'s( rule)? "inbound tcp port \d+ from [^"]+"/, `${finding.id}: ${smallest}`);
    } else {
      // Internet senders: the rule narrowed to its sources without them (the private ranges).
      assert.match(smallest, /^(Remove|Narrow) security group sg-[0-9a-f]+'s rule "inbound tcp port \d+ from [^"]+"( to the VPC's own addresses [\d./]+ \(clients inside the VPC keep the port\)| to 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16 \(its sources without the finding's senders\))?: closes TCP \d+ from [^:]+ on i-/, `${finding.id}: ${smallest}`);
    }
  }
});

test('explain: the same story every time, with assess options that change the findings', async () => {
  const a = await runCli('explain', EXAMPLE, 'nr-1f38ed4eaf540edb');
  const b = await runCli('explain', EXAMPLE, 'nr-1f38ed4eaf540edb', '--ephemeral-ports', '1024-65535');
  assert.equal(a.stdout, b.stdout);
  assert.match(a.stdout, /network ACL acl-037a8eec1ce19687d \(numbered below "inbound rule 100 ALLOW all traffic from 0\.0\.0\.0\/0"\)/);
});

test('explain with an unknown finding id: one line, exit 2', async () => {
  const run = await runCli('explain', EXAMPLE, 'nr-0000000000000000');
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^netreach: no finding nr-0000000000000000 in examples\/seed-article/);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  const missing = await runCli('explain', 'no-such-folder', 'nr-0000000000000000');
  assert.equal(missing.code, 2);
});

interface JsonStory {
  readonly finding: JsonFinding & { readonly networkInterfaceId: string; readonly protocol: string | null; readonly port: number | null };
  readonly changes: readonly {
    readonly change: { readonly kind: string };
    readonly text: string;
    readonly closes: { readonly networkInterfaceId: string; readonly tcpPorts: [number, number][]; readonly udpPorts: [number, number][] };
    readonly alsoCloses: readonly { readonly networkInterfaceId: string }[];
  }[];
}

test('explain --format json: the finding exactly as assess reports it, and the changes the story names, in its order', async () => {
  const report = await runCli('assess', EXAMPLE, '--format', 'json');
  const findings = (JSON.parse(report.stdout) as { findings: JsonStory['finding'][] }).findings;
  for (const finding of findings.filter((f) => f.ruleType !== 'NetworkExposure')) {
    const [json, table] = await Promise.all([runCli('explain', EXAMPLE, finding.id, '--format', 'json'), runCli('explain', EXAMPLE, finding.id)]);
    assert.equal(json.code, 0, json.stderr);
    const story = JSON.parse(json.stdout) as JsonStory;
    assert.deepEqual(story.finding, finding);
    assert.ok(story.changes.length > 0, finding.id);
    // The table's smallest change, then the others, are the JSON's changes in order.
    const named = [...table.stdout.matchAll(/^ {2}(?:- )?(.+?): (?:closes|$)/gm)].map((m) => m[1]);
    assert.deepEqual(named, story.changes.map((c) => c.text), finding.id);
    for (const c of story.changes) {
      // What a change closes on the finding's own path includes the finding's own port.
      assert.equal(c.closes.networkInterfaceId, finding.networkInterfaceId);
      const ranges = finding.protocol === 'udp' ? c.closes.udpPorts : c.closes.tcpPorts;
      assert.ok(ranges.some(([from, to]) => from <= finding.port! && finding.port! <= to), `${finding.id} ${c.text}`);
    }
  }
  const unknown = await runCli('explain', EXAMPLE, 'nr-0000000000000000', '--format', 'json');
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout, '');
});

test('on a terminal, explain and query show what they are doing on one stderr line and clear it before their answer', async () => {
  const CLEAR = '\r\u001b[2K';
  const story = await onTerminal('explain', EXAMPLE, 'nr-1f38ed4eaf540edb');
  assert.equal(story.code, 0);
  assert.deepEqual(story.log.slice(0, -1), [
    ['err', `${CLEAR}netreach: reading ${EXAMPLE}…`],
    ['err', `${CLEAR}netreach: analysing 4 instances…`],
    ['err', `${CLEAR}netreach: weighing the changes that close nr-1f38ed4eaf540edb…`],
    ['err', CLEAR],
  ]);
  assert.equal(story.log.at(-1)![0], 'out');
  assert.equal(story.log.at(-1)![1], (await runCli('explain', EXAMPLE, 'nr-1f38ed4eaf540edb')).stdout, 'the same story as without a terminal');
  const unknown = await onTerminal('explain', EXAMPLE, 'nr-0000000000000000');
  assert.equal(unknown.code, 2);
  assert.deepEqual(unknown.log.at(-2), ['err', CLEAR], 'cleared before the error');
  assert.match(unknown.log.at(-1)![1], /^netreach: no finding nr-0000000000000000 /);
  const answer = await onTerminal('query', EXAMPLE, '--from', 'internet', '--to', 'i-048c5aa472546e50c', '--protocol', 'tcp', '--port', '22');
  assert.equal(answer.code, 0);
  assert.deepEqual(answer.log.slice(0, 2), [['err', `${CLEAR}netreach: reading ${EXAMPLE}…`], ['err', CLEAR]]);
  assert.ok(answer.log.slice(2).every(([stream]) => stream === 'out'));
});
