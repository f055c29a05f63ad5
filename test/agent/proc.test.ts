// Listener collection from /proc: the socket tables' hex (byte order per 32-bit word, IPv4-mapped
// binds, LISTEN and unconnected UDP only) and the fd links that name each socket's process.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { collectListeners, parseProcNetTable, PROC_NET_TABLES, procHexAddress, renderListenerFile } from '../../src/agent/index.js';
import { formatIp } from '../../src/net/index.js';
import { runCli } from '../cli/run-cli.js';
import { FIXTURES, procTree, type FakeProcess } from './proc-fixture.js';

const [TCP, TCP6, UDP, UDP6] = PROC_NET_TABLES;

function table(name: string): string {
  return readFileSync(join(FIXTURES, 'proc', 'net', name), 'utf8');
}

function binds(text: string, which: (typeof PROC_NET_TABLES)[number]): string[] {
  return parseProcNetTable(text, which, 'LE').map((s) => `${s.protocol} ${s.address} ${s.port} #${s.inode}`);
}

const HOST: readonly FakeProcess[] = [
  { pid: 1, comm: 'systemd', exe: '/usr/lib/systemd/systemd', fds: { 0: '/dev/null', 7: 'socket:[99999]', 9: 'anon_inode:[eventpoll]' } },
  { pid: 612, comm: 'systemd-resolve', exe: '/usr/lib/systemd/systemd-resolved', fds: { 12: 'socket:[16876]', 13: 'socket:[16877]' } },
  { pid: 641, comm: 'chronyd', exe: '/usr/sbin/chronyd', fds: { 5: 'socket:[17001]', 6: 'socket:[17002]' } },
  { pid: 700, comm: 'dhclient', fds: { 6: 'socket:[15500]' } },
  { pid: 812, comm: 'sshd', exe: '/usr/sbin/sshd', fds: { 3: 'socket:[18320]', 4: 'socket:[18331]' } },
  // nginx: the master opened the sockets, a worker inherited them, another has its own (SO_REUSEPORT).
  { pid: 1203, comm: 'nginx', exe: '/usr/sbin/nginx', fds: { 6: 'socket:[22010]', 7: 'socket:[50001]' } },
  { pid: 1201, comm: 'nginx', exe: '/usr/sbin/nginx', fds: { 6: 'socket:[22010]', 7: 'socket:[50001]' } },
  { pid: 1204, comm: 'nginx', exe: '/usr/sbin/nginx', fds: { 8: 'socket:[22011]' } },
  { pid: 1290, comm: 'mysqld', exe: '/usr/sbin/mysqld', fds: { 21: 'socket:[21544]', 22: 'pipe:[21550]' } },
  { pid: 2001, comm: 'cupsd', exe: '/usr/sbin/cupsd', fds: { 7: 'socket:[20001]' } },
  { pid: 3001, comm: 'java', exe: '/usr/lib/jvm/java-17-amazon-corretto/bin/java', fds: { 41: 'socket:[30001]' } },
  // Another user's process: without root its fd folder can't be read, so 40001 stays unattributed.
  { pid: 4001, comm: 'node', exe: '/usr/bin/node', fds: null },
];

describe('/proc/net tables', () => {
  test('IPv4 words are little-endian on x86: 0100007F is 127.0.0.1, big-endian hosts print 7F000001', () => {
    assert.equal(formatIp(4, procHexAddress('0100007F', 'LE')), '127.0.0.1');
    assert.equal(formatIp(4, procHexAddress('7F000001', 'BE')), '127.0.0.1');
    assert.equal(formatIp(4, procHexAddress('0A01000A', 'LE')), '10.0.1.10');
  });

  test('IPv6 is four words, each reversed on its own (not the 16 bytes as a whole)', () => {
    assert.equal(formatIp(6, procHexAddress('00000000000000000000000001000000', 'LE')), '::1');
    assert.equal(formatIp(6, procHexAddress('181F00260269A3040000000005000000', 'LE')), '2600:1f18:4a3:6902::5');
    assert.equal(formatIp(6, procHexAddress('26001F1804A369020000000000000005', 'BE')), '2600:1f18:4a3:6902::5');
  });

  test('TCP: only LISTEN (0A) sockets; established and time-wait ones are not listeners', () => {
    assert.deepEqual(binds(table('tcp'), TCP), [
      'tcp 127.0.0.53 53 #16877',
      'tcp 0.0.0.0 22 #18320',
      'tcp 127.0.0.1 3306 #21544',
      'tcp 0.0.0.0 80 #22010',
      'tcp 0.0.0.0 80 #22011',
    ]);
  });

  test('tcp6: :: stays ::, IPv4-mapped binds become the IPv4 address', () => {
    assert.deepEqual(binds(table('tcp6'), TCP6), [
      'tcp :: 22 #18331',
      'tcp ::1 631 #20001',
      'tcp 127.0.0.1 8080 #30001',
      'tcp 10.0.1.10 8443 #40001',
      'tcp 2600:1f18:4a3:6902::5 80 #50001',
    ]);
  });

  test('UDP: bound, unconnected (07) sockets with a port; connected ones and port 0 are not', () => {
    assert.deepEqual(binds(table('udp'), UDP), ['udp 127.0.0.53 53 #16876', 'udp 127.0.0.1 323 #17001', 'udp 10.0.1.10 68 #15500']);
    assert.deepEqual(binds(table('udp6'), UDP6), ['udp ::1 323 #17002', 'udp :: 5353 #70001']);
  });

  test('a line that is not a socket row is an error naming the file and line', () => {
    const text = `${table('tcp')}   9: 0100007F 00000000:0000 0A\n`;
    assert.throws(() => parseProcNetTable(text, TCP, 'LE', '/proc/net/tcp'), /^AgentError: \/proc\/net\/tcp:9: expected "sl local_address/);
    assert.throws(() => parseProcNetTable(table('tcp6'), TCP, 'LE'), /net\/tcp:2: .*IPv4 addresses/);
  });
});

describe('collectListeners on a /proc tree', () => {
  const tree = procTree(HOST);
  after(tree.remove);

  test('each socket with its process (lowest pid of the sharers), unattributed ones with process null', async () => {
    const listeners = await collectListeners({ procRoot: tree.root, endianness: 'LE' });
    const file = JSON.parse(renderListenerFile({ instanceId: 'i-0fixture', collectedAt: '2026-11-20T09:25:00Z', listeners })) as {
      listeners: { protocol: string; port: number; address: string; loopbackOnly?: true; process: { name: string; pid: number; path: string | null } | null }[];
    };
    const rows = file.listeners.map((l) => [`${l.protocol} ${l.address} ${l.port}${l.loopbackOnly === true ? ' loopback' : ''}`, l.process === null ? null : `${l.process.name} ${l.process.pid} ${l.process.path}`]);
    assert.deepEqual(rows, [
      ['tcp 0.0.0.0 22', 'sshd 812 /usr/sbin/sshd'],
      ['tcp :: 22', 'sshd 812 /usr/sbin/sshd'],
      ['tcp 127.0.0.53 53 loopback', 'systemd-resolve 612 /usr/lib/systemd/systemd-resolved'],
      ['tcp 0.0.0.0 80', 'nginx 1201 /usr/sbin/nginx'],
      ['tcp 2600:1f18:4a3:6902::5 80', 'nginx 1201 /usr/sbin/nginx'],
      ['tcp ::1 631 loopback', 'cupsd 2001 /usr/sbin/cupsd'],
      ['tcp 127.0.0.1 3306 loopback', 'mysqld 1290 /usr/sbin/mysqld'],
      ['tcp 127.0.0.1 8080 loopback', 'java 3001 /usr/lib/jvm/java-17-amazon-corretto/bin/java'],
      ['tcp 10.0.1.10 8443', null],
      ['udp 127.0.0.53 53 loopback', 'systemd-resolve 612 /usr/lib/systemd/systemd-resolved'],
      ['udp 10.0.1.10 68', 'dhclient 700 null'],
      ['udp 127.0.0.1 323 loopback', 'chronyd 641 /usr/sbin/chronyd'],
      ['udp ::1 323 loopback', 'chronyd 641 /usr/sbin/chronyd'],
      ['udp :: 5353', null],
    ]);
  });

  test('`netreach agent --proc` writes the file; the same sockets give the same bytes', async () => {
    const one = await runCli('agent', '--instance-id', 'i-0fixture', '--proc', tree.root);
    const two = await runCli('agent', '--instance-id', 'i-0fixture', '--proc', tree.root);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stderr, '');
    const strip = (text: string) => text.replace(/"collectedAt": "[^"]+"/, '"collectedAt": …');
    assert.equal(strip(one.stdout), strip(two.stdout));
    const file = JSON.parse(one.stdout) as { instanceId: string; collectedAt: string; listeners: unknown[] };
    assert.equal(file.instanceId, 'i-0fixture');
    assert.match(file.collectedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(file.listeners.length, 14);
    assert.match(one.stdout, /\{\n {6}"protocol": "tcp",\n {6}"port": 22,\n {6}"address": "0.0.0.0",\n {6}"process": \{\n {8}"name": "sshd",/);
  });

  test('a folder without socket tables is not Linux /proc: one line pointing to the importers', async () => {
    const run = await runCli('agent', '--instance-id', 'i-0fixture', '--proc', join(FIXTURES, 'ss'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^netreach: no socket tables under .*: the agent reads Linux's \/proc; elsewhere capture ss or netstat output and use "netreach agent import"\n$/);
  });
});
