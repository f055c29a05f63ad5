// Listener data ("agent" files): inside a snapshot folder and through --agent-data DIR.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadAgentData, loadListenerData, loadSnapshot, SnapshotError } from '../../src/snapshot/index.js';
import { removeSnapshots, VPC, writeSnapshot } from './snapshot-fixtures.js';

after(removeSnapshots);

const web = {
  instanceId: 'i-0aaaabbbbccccdddd',
  collectedAt: '2024-05-01T12:00:00Z',
  listeners: [
    { protocol: 'tcp', port: 443, address: '0.0.0.0', process: { name: 'nginx', pid: 1200, path: '/usr/sbin/nginx' } },
    { protocol: 'tcp', port: 22, address: '::', process: { name: 'sshd', pid: 812 } },
    { protocol: 'udp', port: 53, address: '127.0.0.1', process: null },
  ],
};

const db = { instanceId: 'i-0db0000000000000', listeners: [{ protocol: 'tcp', port: 5432, address: '10.0.1.5', process: { name: 'postgres' } }] };

describe('listener data', () => {
  test('files inside a snapshot go to listeners, by instance id', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'agent/web.json': web, 'agent/db.json': db });
    const { listeners, network, files } = await loadSnapshot(dir, { lenient: false });
    assert.equal(files, 3);
    assert.deepEqual([...network.kindsPresent], ['Vpcs']);
    assert.deepEqual([...listeners.keys()], ['i-0aaaabbbbccccdddd', 'i-0db0000000000000']);
    assert.deepEqual(listeners.get('i-0aaaabbbbccccdddd'), {
      instanceId: 'i-0aaaabbbbccccdddd',
      collectedAt: '2024-05-01T12:00:00Z',
      listeners: [
        { protocol: 'tcp', port: 22, address: '::', process: { name: 'sshd', pid: 812, path: null } },
        { protocol: 'tcp', port: 443, address: '0.0.0.0', process: { name: 'nginx', pid: 1200, path: '/usr/sbin/nginx' } },
        { protocol: 'udp', port: 53, address: '127.0.0.1', process: null },
      ],
    });
    assert.deepEqual(listeners.get('i-0db0000000000000'), {
      instanceId: 'i-0db0000000000000',
      collectedAt: null,
      listeners: [{ protocol: 'tcp', port: 5432, address: '10.0.1.5', process: { name: 'postgres', pid: null, path: null } }],
    });
  });

  test('a folder of listener files alone is not a snapshot', async () => {
    const dir = await writeSnapshot({ 'web.json': web });
    await assert.rejects(loadSnapshot(dir, { lenient: false }), SnapshotError);
  });

  test('every *.json below the folder is read; of two files for one instance the later is used and the older set aside, named', async () => {
    const later = { instanceId: web.instanceId, collectedAt: '2024-05-02T08:00:00+02:00', listeners: [web.listeners[0], { protocol: 'tcp', port: 8080, address: '10.0.1.10', process: null }] };
    const dir = await writeSnapshot({ 'hosts/web-a.json': web, 'hosts/web-b.json': later, 'db.json': db });
    const { listeners: data, coverage } = await loadAgentData(dir, { lenient: false });
    assert.deepEqual([...data.keys()], ['i-0aaaabbbbccccdddd', 'i-0db0000000000000']);
    const used = data.get('i-0aaaabbbbccccdddd');
    assert.equal(used?.collectedAt, '2024-05-02T08:00:00+02:00');
    assert.deepEqual(used?.listeners.map((l) => `${l.protocol}/${l.port}@${l.address}`), ['tcp/443@0.0.0.0', 'tcp/8080@10.0.1.10'], 'the older file\'s sshd and udp/53 are not united in');
    assert.deepEqual(coverage, [
      {
        resourceType: 'AWS::EC2::Instance',
        resourceId: 'i-0aaaabbbbccccdddd',
        reason: 'listener data collected at 2024-05-01T12:00:00Z set aside: hosts/web-b.json describes the instance as collected later (2024-05-02T08:00:00+02:00)',
        file: 'hosts/web-a.json',
      },
    ]);
    assert.deepEqual(await loadListenerData(dir), data);
  });

  test('two files of one collection time for one instance (a capture in two parts) are united', async () => {
    const udp = { instanceId: web.instanceId, collectedAt: web.collectedAt, listeners: [{ protocol: 'udp', port: 161, address: '0.0.0.0', process: null }] };
    const dir = await writeSnapshot({ 'tcp.json': web, 'udp.json': udp });
    const { listeners, coverage } = await loadAgentData(dir, { lenient: false });
    assert.deepEqual(listeners.get(web.instanceId)?.listeners.map((l) => `${l.protocol}/${l.port}`), ['tcp/22', 'tcp/443', 'udp/53', 'udp/161']);
    assert.deepEqual(coverage, []);
  });

  test('a listener on port 0 is impossible (the system picks a free port for a bind to 0)', async () => {
    const dir = await writeSnapshot({ 'x.json': { ...db, listeners: [{ ...db.listeners[0], port: 0 }] } });
    await assert.rejects(loadListenerData(dir), /x\.json: \$\.listeners\[0\]\.port: expected a port 1-65535, got 0$/);
  });

  test('bad listener data is a SnapshotError naming file and path', async () => {
    const cases: readonly [unknown, string][] = [
      [{ ...db, listeners: [{ ...db.listeners[0], protocol: 'sctp' }] }, 'x.json: $.listeners[0].protocol: expected tcp or udp, got "sctp"'],
      [{ ...db, listeners: [{ ...db.listeners[0], port: 70000 }] }, 'x.json: $.listeners[0].port: expected a port 1-65535, got 70000'],
      [{ ...db, listeners: [{ ...db.listeners[0], address: 'localhost' }] }, 'x.json: $.listeners[0].address: expected an IP address, got "localhost"'],
      [{ ...db, listeners: [{ ...db.listeners[0], process: { pid: 5 } }] }, 'x.json: $.listeners[0].process.name: expected a string, got nothing (the field is missing)'],
      [{ ...db, listeners: [{ ...db.listeners[0], process: { name: 'p', pid: -1 } }] }, 'x.json: $.listeners[0].process.pid: expected a process id (an integer ≥ 0), got -1'],
      [{ ...db, collectedAt: 'yesterday' }, 'x.json: $.collectedAt: expected an ISO-8601 timestamp (e.g. 2024-05-01T12:00:00Z), got "yesterday"'],
      [{ listeners: [] }, 'x.json: $.instanceId: expected an id (a non-empty string), got nothing (the field is missing)'],
    ];
    for (const [content, message] of cases) {
      const dir = await writeSnapshot({ 'x.json': content as Record<string, unknown> });
      await assert.rejects(loadListenerData(dir), (error: unknown) => {
        assert.ok(error instanceof SnapshotError);
        assert.equal(error.message, message);
        return true;
      });
    }
  });

  test('inside a snapshot, lenient loading skips bad listener files', async () => {
    const dir = await writeSnapshot({ 'Vpcs.json': VPC, 'agent/bad.json': { ...db, listeners: [{ ...db.listeners[0], port: -1 }] } });
    await assert.rejects(loadSnapshot(dir, { lenient: false }), /agent\/bad\.json: \$\.listeners\[0\]\.port: expected a port 1-65535, got -1/);
    const { listeners, network } = await loadSnapshot(dir, { lenient: true });
    assert.equal(listeners.size, 0);
    assert.deepEqual(network.coverage.map((n) => [n.resourceType, n.resourceId, n.file]), [['AWS::EC2::Instance', 'i-0db0000000000000', 'agent/bad.json']]);
  });
});
