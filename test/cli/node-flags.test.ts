// Which flags bin/netreach.js starts node again with: larger semi-spaces always (unless node has
// a semi-space size already), and a heap limit of three quarters of the memory (or of a
// container's limit) when that is above node's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapLimitFlag, respawnFlags, SEMI_SPACE_FLAG } from '../../src/cli/node-flags.js';

const GIB = 2 ** 30;

test('a 24 GiB machine with node\'s 4 GiB default: the heap may grow to 18 GiB', () => {
  const memory = { totalBytes: 24 * GIB, constrainedBytes: 2 ** 64, heapLimitBytes: 4 * GIB };
  assert.equal(heapLimitFlag(memory), '--max-old-space-size=18432');
  assert.deepEqual(respawnFlags(['--enable-source-maps'], memory), [SEMI_SPACE_FLAG, '--max-old-space-size=18432']);
});

test('a container limit below the machine\'s memory is what counts; no flag when it would lower node\'s own limit', () => {
  assert.equal(heapLimitFlag({ totalBytes: 64 * GIB, constrainedBytes: 8 * GIB, heapLimitBytes: 4 * GIB }), '--max-old-space-size=6144');
  assert.equal(heapLimitFlag({ totalBytes: 64 * GIB, constrainedBytes: 4 * GIB, heapLimitBytes: 4 * GIB }), null, '3 GiB < 4 GiB');
  assert.equal(heapLimitFlag({ totalBytes: 4 * GIB, constrainedBytes: undefined, heapLimitBytes: 2 * GIB }), '--max-old-space-size=3072');
  assert.equal(heapLimitFlag({ totalBytes: 2 * GIB, constrainedBytes: 0, heapLimitBytes: 2 * GIB }), null);
});

test('flags the user gave win: their semi-space size means no second node, their heap limit is kept', () => {
  const memory = { totalBytes: 24 * GIB, constrainedBytes: undefined, heapLimitBytes: 4 * GIB };
  assert.deepEqual(respawnFlags(['--max-semi-space-size=16'], memory), []);
  assert.deepEqual(respawnFlags(['--max-old-space-size=2048'], memory), [SEMI_SPACE_FLAG]);
  assert.deepEqual(respawnFlags([], { ...memory, totalBytes: 4 * GIB }), [SEMI_SPACE_FLAG]);
});
