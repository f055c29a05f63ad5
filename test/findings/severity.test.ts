import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, compareSeverity, lowerSeverity, numericSeverity, parseSeverity, severityFor } from '../../src/findings/severity.js';

test('the internet keeps the base severity; other sources lower it one level', () => {
  assert.equal(severityFor('High', 'Internet'), 'High');
  assert.equal(severityFor('High', 'PeeredVpc'), 'Medium');
  assert.equal(severityFor('High', 'VGW'), 'Medium');
  assert.equal(severityFor('High', 'TransitGateway'), 'Medium');
  assert.equal(severityFor('Medium', 'VGW'), 'Low');
  assert.equal(severityFor('Low', 'TransitGateway'), 'Informational');
  assert.equal(severityFor('Informational', 'PeeredVpc'), 'Informational');
  assert.equal(lowerSeverity('Informational'), 'Informational');
});

test('numeric severities and ordering', () => {
  assert.deepEqual(['High', 'Medium', 'Low', 'Informational'].map((s) => numericSeverity(s as 'High')), [9, 6, 3, 0]);
  assert.ok(compareSeverity('High', 'Low') < 0);
  assert.ok(compareSeverity('Informational', 'Medium') > 0);
  assert.ok(atLeast('Medium', 'Low'));
  assert.ok(!atLeast('Low', 'Medium'));
  assert.equal(parseSeverity('informational'), 'Informational');
  assert.equal(parseSeverity('HIGH'), 'High');
  assert.equal(parseSeverity('critical'), null);
});
