// The README documents the closed vocabulary of blocker codes, one sentence each, all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BLOCKER_CODES } from '../../src/engine/query/index.js';

test('every blocker code is in the README with its sentence, and no other', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const [code, sentence] of Object.entries(BLOCKER_CODES)) assert.ok(readme.includes(`| \`${code}\` | ${sentence} |`), code);
  const listed = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(listed, Object.keys(BLOCKER_CODES));
});
