// AWS lists records, rules, routes and keys in whatever order it likes, and two collections of
// one estate seldom agree: the report must not depend on it. Every list and every object's keys in
// every file shuffled (seeded) gives the same report, byte for byte.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { writeEstate } from '../../bench/estate/write-estate.js';
import { sizeFor } from '../../bench/estate/sizes.js';
import { SeededRandom } from '../../bench/estate/random.js';
import { runCli } from '../cli/run-cli.js';
import { scratch } from '../support/scratch.js';

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function reordered(value: unknown, random: SeededRandom): unknown {
  if (Array.isArray(value)) return shuffled(value.map((v) => reordered(v, random)), random);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(shuffled(Object.entries(value).map(([k, v]): [string, unknown] => [k, reordered(v, random)]), random));
}

/** A copy of `dir` with every JSON file (but the manifest) reordered. */
function reorderedCopy(t: TestContext, dir: string, seed: number): string {
  const copy = scratch(t, 'order');
  cpSync(dir, copy, { recursive: true });
  const random = new SeededRandom(seed);
  for (const entry of readdirSync(copy, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name === 'manifest.json') continue;
    const file = join(entry.parentPath, entry.name);
    writeFileSync(file, JSON.stringify(reordered(JSON.parse(readFileSync(file, 'utf8')), random), null, 1));
  }
  return copy;
}

async function report(dir: string): Promise<string> {
  const run = await runCli('assess', dir, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return run.stdout.replaceAll(JSON.stringify(dir).slice(1, -1), 'SNAPSHOT');
}

async function assertOrderFree(t: TestContext, dir: string, seeds: readonly number[]): Promise<void> {
  const original = await report(dir);
  for (const seed of seeds) assert.ok((await report(reorderedCopy(t, dir, seed))) === original, `seed ${seed}: the report differs`);
}

test('the bundled example, its files reordered: the same report', async (t) => {
  await assertOrderFree(t, 'examples/seed-article', [1, 2, 3]);
});

test('a generated estate on a transit gateway hub, its files reordered: the same report', async (t) => {
  const dir = scratch(t, 'order');
  await writeEstate(dir, { ...sizeFor(1000), transitGatewayHub: true }, 5);
  await assertOrderFree(t, dir, [1, 2]);
});
