import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingId } from '../../src/findings/id.js';

// Ids are a contract (baselines and diffs name findings by them): these were computed outside
// Node (Python's hashlib over the UTF-8 of the parts joined by U+001F), so a change of hashing
// call that changed an id fails here.
test('a finding id is sha256 of its UTF-8 key parts, first 16 hex digits', () => {
  assert.equal(findingId(['RecognizedPortNoAgent', 'i-0web', 'eni-0web', 'Internet', 'IGW', 'igw-0a1b', '', 4, 'tcp', 22]), 'nr-d566ae283f2fd556');
  // Ids in the key come from the snapshot and may hold any character.
  assert.equal(findingId(['NetworkExposure', 'i-0wéb☃', null, 'sg-0ab']), 'nr-c37be0e3fe04d30b');
});
