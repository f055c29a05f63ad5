import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet } from '../../src/net/index.js';
import { buildFindings } from '../../src/findings/build.js';
import { recognizedService } from '../../src/findings/recognized-ports.js';
import type { ReachCell } from '../../src/engine/types.js';
import type { Transport } from '../../src/model/types.js';
import { admission, cell, engineResult, reachability } from './fixtures.js';

const GROUPS = ['sg-a', 'sg-b', 'sg-c'];
const SOURCES = AddressSet.fromCidr('203.0.113.0/24');

/** Disjoint cells of one protocol: sorted cut points taken pairwise, each admitted by some groups. */
const cellsOf = (protocol: Transport) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 65535 }), { minLength: 0, maxLength: 12 })
    .chain((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const ranges: Array<[number, number]> = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([sorted[i], sorted[i + 1]]);
      return fc.tuple(
        fc.constant(ranges),
        fc.array(fc.subarray(GROUPS, { minLength: 1 }), { minLength: ranges.length, maxLength: ranges.length }),
      );
    })
    .map(([ranges, groups]): ReachCell[] =>
      ranges.map((ports, i) => cell(protocol, ports, SOURCES, groups[i].map((g) => admission(g, SOURCES, `inbound ${protocol} ${ports[0]}-${ports[1]}`)))),
    );

test('per-port findings: exactly the recognized ports inside the cells, each once, with distinct ids', () => {
  fc.assert(
    fc.property(cellsOf('tcp'), cellsOf('udp'), (tcp, udp) => {
      const findings = buildFindings(engineResult(reachability({ cells: [...tcp, ...udp] })), new Map());
      const perPort = findings.filter((f) => f.ruleType !== 'NetworkExposure');
      const expected: string[] = [];
      for (const c of [...tcp, ...udp]) {
        for (let p = c.ports[0]; p <= c.ports[1]; p++) if (recognizedService(c.protocol, p) !== null) expected.push(`${c.protocol}/${p}`);
      }
      assert.deepEqual(perPort.map((f) => `${f.protocol}/${f.port}`).sort(), expected.sort());
      assert.equal(new Set(findings.map((f) => f.id)).size, findings.length);
    }),
    { numRuns: 60 },
  );
});

test('NetworkExposure ranges are sorted, disjoint, non-adjacent and cover exactly what the group admits', () => {
  fc.assert(
    fc.property(cellsOf('tcp'), (tcp) => {
      const findings = buildFindings(engineResult(reachability({ cells: tcp })), new Map());
      for (const group of GROUPS) {
        const admitted = new Set<number>();
        for (const c of tcp) {
          if (!c.groups.some((g) => g.groupId === group)) continue;
          for (let p = c.ports[0]; p <= c.ports[1]; p++) admitted.add(p);
        }
        const exposure = findings.find((f) => f.ruleType === 'NetworkExposure' && f.securityGroupIds[0] === group);
        if (admitted.size === 0) {
          assert.equal(exposure, undefined);
          continue;
        }
        assert.ok(exposure?.tcpPorts);
        const ranges = exposure.tcpPorts;
        for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] > ranges[i - 1][1] + 1, 'merged when adjacent');
        const covered = new Set<number>();
        for (const [from, to] of ranges) for (let p = from; p <= to; p++) covered.add(p);
        assert.deepEqual([...covered].sort((a, b) => a - b), [...admitted].sort((a, b) => a - b));
      }
    }),
    { numRuns: 40 },
  );
});
