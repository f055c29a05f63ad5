// Multi-account data must not leak between accounts: an estate beside a copy of itself in another
// account (every id and the account number changed, every CIDR and address the same, as
// organisations that all use 10.0.0.0/16 have) gives each finding of the estate twice, the
// copy's under the copy's ids, and nothing else.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { findingJson } from '../../src/report/json.js';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { copyAsOtherAccount, fromOtherAccount } from '../support/other-account.js';
import { scratch } from '../support/scratch.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
/** A classic ELB's ARN (its name held by both accounts) as its bare name, the id it has alone. */
function bareClassicNames(text: string): string {
  return text.replace(/arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/([\w.-]+)(?![\w./-])/g, '$1');
}

/** Each finding (without its id) and coverage note as text, with how often it occurs. */
async function assessed(dir: string): Promise<{ findings: Map<string, number>; coverage: string[]; ids: string[] }> {
  const { network, listeners } = await loadSnapshot(dir, { lenient: false });
  const engine = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  const found = buildFindings(engine, listeners);
  const findings = new Map<string, number>();
  for (const f of found) {
    const { id: _, ...rest } = findingJson(f) as { id: string };
    const text = JSON.stringify(rest);
    findings.set(text, (findings.get(text) ?? 0) + 1);
  }
  return { findings, coverage: engine.coverage.map((note) => JSON.stringify(note)), ids: found.map((f) => f.id) };
}

/** The twin's findings, the copy's mapped back to the original's ids, against each of the original's twice. */
async function assertTwice(original: string, twin: string): Promise<number> {
  const alone = await assessed(original);
  const both = await assessed(twin);
  const mapped = new Map<string, number>();
  for (const [text, n] of both.findings) {
    const back = bareClassicNames(text.includes(`"instanceId":"i-b`) ? fromOtherAccount(text, ACCOUNT, OTHER) : text);
    mapped.set(back, (mapped.get(back) ?? 0) + n);
  }
  const wrong = [...new Set([...alone.findings.keys(), ...mapped.keys()])].filter((text) => (mapped.get(text) ?? 0) !== 2 * (alone.findings.get(text) ?? 0));
  assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} findings are not there exactly twice`);
  assert.equal(new Set(both.ids).size, both.ids.length, 'every finding id is distinct');
  assert.deepEqual(both.coverage.map((note) => fromOtherAccount(note, ACCOUNT, OTHER)).sort(), [...alone.coverage, ...alone.coverage].sort());
  return [...alone.findings.values()].reduce((sum, n) => sum + n, 0);
}

test('the bundled example beside a copy of itself in another account: every finding twice', async (t) => {
  const original = scratch(t, 'twin');
  cpSync('examples/seed-article', original, { recursive: true });
  const twin = scratch(t, 'twin');
  cpSync(original, twin, { recursive: true });
  copyAsOtherAccount(join(original, ACCOUNT), join(twin, OTHER), ACCOUNT, OTHER);
  copyAsOtherAccount(join(original, 'agent'), join(twin, 'agent-copy'), ACCOUNT, OTHER);
  assert.equal(await assertTwice(original, twin), 13);
});

test('a generated estate of 1,000 instances beside a copy of itself in another account: every finding twice', async (t) => {
  const original = scratch(t, 'twin');
  await writeEstate(original, sizeFor(1000), 7);
  const twin = scratch(t, 'twin');
  cpSync(original, twin, { recursive: true });
  copyAsOtherAccount(join(original, ACCOUNT), join(twin, OTHER), ACCOUNT, OTHER);
  assert.ok((await assertTwice(original, twin)) > 1000);
});
