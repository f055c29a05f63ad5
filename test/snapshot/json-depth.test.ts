// The depth limit is checked on the parsed document and, for a file JSON.parse refused, on its
// text: both must count the same levels, or --max-depth would refuse a file one way and not the
// other.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { nestedDeeperThan, nestingDepth } from '../../src/snapshot/json-depth.js';
import { removeSnapshots, VPC, writeSnapshot } from './snapshot-fixtures.js';

after(removeSnapshots);

async function exampleTexts(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) texts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return texts;
}

describe('JSON nesting depth', () => {
  test('the parsed document and its text give the same depth, at every limit around it', async () => {
    const texts = [
      ...(await exampleTexts('examples')),
      '[]',
      '{}',
      '"[[[{{{"',
      '42',
      '{"a": "\\\\", "b": ["\\"[", {"c": [[], {}]}]}',
      `{"Deep": ${'['.repeat(70)}"]]]]"${']'.repeat(70)}}`,
      // Keys named like JavaScript internals are the object's own keys once parsed.
      '{"__proto__": [[[{"constructor": [[]]}]]], "toString": {}}',
    ];
    assert.ok(texts.length > 20, 'the bundled examples were found');
    for (const text of texts) {
      const depth = nestingDepth(text, Infinity);
      for (let limit = Math.max(0, depth - 2); limit <= depth + 2; limit++) {
        assert.equal(nestedDeeperThan(JSON.parse(text), limit), depth > limit, `limit ${limit} on ${text.slice(0, 60)}`);
      }
    }
  });

  test('a file both too deep and broken is refused for its depth, strictly and leniently', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': `{"Vpcs": ${'['.repeat(100000)}` });
    for (const lenient of [false, true]) {
      await assert.rejects(loadSnapshot(dir, { lenient }), {
        name: 'SnapshotError',
        message: 'deep.json: $: expected JSON nested at most 64 levels deep (--max-depth), got deeper nesting',
      });
    }
  });

  test('65 levels of objects are refused; 64 load', async () => {
    const nested = (levels: number): string => `${'{"a": '.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    const refused = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': nested(65) });
    await assert.rejects(loadSnapshot(refused, { lenient: false }), /deep\.json: \$: expected JSON nested at most 64 levels deep/);
    const fine = await writeSnapshot({ 'Vpcs.json': VPC, 'deep.json': nested(64) });
    assert.deepEqual((await loadSnapshot(fine, { lenient: false })).warnings, ["deep.json: unknown top-level key 'a', skipped"]);
  });
});
