// The oracle must be able to fail: each way a run can break SPEC §1's contract is caught.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from './cli-runner.js';
import { checkAssessRuns, pathFitsFile, pathSegments, type AssessRuns } from './oracle.js';

const DIR = '/tmp/snap';
const ok: RunResult = { kind: 'exited', code: 0, stdout: '{"assessment": {"coverage": [], "warnings": []}, "findings": []}\n', stderr: '' };
const table: RunResult = { kind: 'exited', code: 0, stdout: 'No findings.\n', stderr: '' };

function failed(stderr: string, code = 2): RunResult {
  return { kind: 'exited', code, stdout: '', stderr };
}

function problemsOf(strict: RunResult, lenient: RunResult = strict, contents = new Map<string, string>()): string[] {
  const lenientTable: RunResult = lenient.kind === 'exited' && lenient.code === 0 ? table : lenient;
  const runs: AssessRuns = { strict, lenient, strictAgain: strict, lenientTable };
  return checkAssessRuns(runs, [DIR, 'Vpcs.json', '\u001b[1m.json'], contents).problems;
}

test('a good run and a good error line pass', () => {
  assert.deepEqual(problemsOf(ok), []);
  const line = failed('netreach: Vpcs.json: $.Vpcs[0].CidrBlock: expected an IPv4 CIDR, got "10.0.0.0/33"\n');
  assert.deepEqual(problemsOf(line, ok, new Map([['Vpcs.json', '{"Vpcs": [{"CidrBlock": "10.0.0.0/33"}]}']])), []);
  assert.deepEqual(problemsOf(failed('netreach: \\u001b[1m.json: $: expected JSON, got a syntax error\n')), []);
});

test('each broken contract is caught', () => {
  const cases: [RunResult, RegExp][] = [
    [failed('netreach: internal error: boom\n', 3), /exit 3/],
    [{ kind: 'threw', error: 'TypeError: x' }, /main\(\) threw/],
    [{ kind: 'hung', afterMs: 20_000 }, /hang/],
    [failed('netreach: Vpcs.json: $: two\nlines\n'), /one line/],
    [failed('netreach: \u001b[1m.json: $: expected JSON\n'), /raw control character/],
    [failed('netreach: other.json: $: expected JSON\n'), /names no snapshot file/],
    [failed('Vpcs.json: $: expected JSON\n'), /does not start with "netreach: "/],
    [failed('netreach: Vpcs.json: $.Vpcs: expected a list, got [object Object]\n'), /JavaScript leaked/],
    [{ kind: 'exited', code: 0, stdout: 'not json', stderr: '' }, /not JSON/],
  ];
  for (const [run, expected] of cases) {
    const problems = problemsOf(run, ok);
    assert.ok(problems.some((p) => expected.test(p)), `${expected} not in ${JSON.stringify(problems)}`);
  }
});

test('lenient runs: never stopped inside a file, never different from a strict run that passed', () => {
  const inside = failed('netreach: Vpcs.json: $.Vpcs[0]: expected an object, got 1\n');
  assert.ok(problemsOf(inside, inside).some((p) => /lenient: stopped at \$\.Vpcs\[0\]/.test(p)));
  const other: RunResult = { ...ok, stdout: '{"findings": [1]}' } as RunResult;
  assert.ok(problemsOf(ok, other).some((p) => /differs from the strict run/.test(p)));
});

test('a JSON path must name a place in the file', () => {
  const doc = '\ufeff{"Vpcs": [{"VpcId": "vpc-1", "weird key": {"x": 1}}]}';
  const fits = (jsonPath: string, problem: string): string | null => pathFitsFile({ file: 'Vpcs.json', jsonPath, problem }, doc);
  assert.equal(fits('$.Vpcs[0].VpcId', 'expected an id, got "vpc-1"'), null);
  assert.equal(fits('$.Vpcs[0]["weird key"].x', 'expected a string, got 1'), null);
  assert.equal(fits('$.Vpcs[0].CidrBlock', 'expected an IPv4 CIDR, got nothing (the field is missing)'), null);
  assert.match(fits('$.Vpcs[1].VpcId', 'expected an id, got 1') ?? '', /does not exist/);
  assert.match(fits('$.Vpcs[0].Nope.Deeper', 'expected a list, got nothing (the field is missing)') ?? '', /does not exist/);
  assert.match(fits('$.Vpcs[0].VpcId', 'expected an id, got nothing (the field is missing)') ?? '', /says it is missing/);
  assert.deepEqual(pathSegments('$.A[3]["b \\"c\\""].d'), ['A', 3, 'b "c"', 'd']);
  assert.equal(pathSegments('$.A["long…"]'), null);
});

test('a JavaScript word the input itself holds is no leak (fuzz: ResourceType "undefined")', () => {
  const note = 'routes propagated from tgw-attach-1 (undefined vpc-1) are not in the snapshot';
  const report: RunResult = { kind: 'exited', code: 0, stdout: JSON.stringify({ assessment: { coverage: [{ resourceType: 'AWS::EC2::TransitGatewayRouteTable', reason: note }], warnings: [] } }), stderr: '' };
  const runs: AssessRuns = { strict: report, lenient: report, strictAgain: report, lenientTable: table };
  const input = '{"TransitGatewayPropagations": [{"ResourceType": "undefined"}]}';
  assert.deepEqual(checkAssessRuns(runs, [DIR], new Map([['p.json', input]])).problems, []);
  assert.match(checkAssessRuns(runs, [DIR], new Map([['p.json', '{}']])).problems.join('\n'), /JavaScript leaked into the report/);
});
