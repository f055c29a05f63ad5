// The report writer behind `assess --output`: chunks land in order, byte for byte; a failing
// write is reported through the caller's mapping; an error making a chunk stays that error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeChunks } from '../../src/report/write-chunks.js';
import { scratch } from '../support/scratch.js';

test('chunks are written in order, multi-byte text included, and the bytes are counted', async (t) => {
  const path = join(scratch(t, 'write'), 'report.json');
  const chunks = Array.from({ length: 300 }, (_, i) => `${i}:${'x'.repeat(i * 97)} ünïcødé 网络\n`);
  const file = await open(path, 'w');
  const bytes = await writeChunks(file, chunks);
  await file.close();
  const expected = chunks.join('');
  assert.equal(readFileSync(path, 'utf8'), expected);
  assert.equal(bytes, Buffer.byteLength(expected));
});

test('a write that fails rejects through the mapping; the file was not writable', async (t) => {
  const path = join(scratch(t, 'write'), 'read-only.json');
  writeFileSync(path, '');
  const file = await open(path, 'r');
  try {
    await assert.rejects(
      writeChunks(file, ['{', '}'], (error) => {
        throw new Error(`cannot write: ${(error as NodeJS.ErrnoException).code}`);
      }),
      /^Error: cannot write: EBADF$/,
    );
  } finally {
    await file.close();
  }
});

test('an error while making a chunk is not a write error', async (t) => {
  const path = join(scratch(t, 'write'), 'report.json');
  function* chunks(): Generator<string> {
    yield 'first';
    throw new RangeError('the renderer failed');
  }
  const file = await open(path, 'w');
  try {
    await assert.rejects(writeChunks(file, chunks(), () => assert.fail('mapped as a write error')), RangeError);
  } finally {
    await file.close();
  }
  assert.equal(readFileSync(path, 'utf8'), 'first', 'what was made before is written');
});
