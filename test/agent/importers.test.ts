// `netreach agent import`: ss and Windows netstat output captured on hosts → listener data files.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { csvFields, parseSsOutput, parseTasklistCsv } from '../../src/agent/index.js';
import { loadListenerData } from '../../src/snapshot/index.js';
import { runCli } from '../cli/run-cli.js';
import { FIXTURES, scratchDir } from './proc-fixture.js';

interface FileListener {
  readonly protocol: string;
  readonly port: number;
  readonly address: string;
  readonly loopbackOnly?: boolean;
  readonly process: { readonly name: string; readonly pid: number | null; readonly path: string | null } | null;
}

interface ListenerFileJson {
  readonly instanceId: string;
  readonly collectedAt: string;
  readonly listeners: FileListener[];
}

const SS = join(FIXTURES, 'ss');
const WINDOWS = join(FIXTURES, 'windows');
const scratch = scratchDir();
after(scratch.remove);

function rows(file: ListenerFileJson): string[] {
  return file.listeners.map(
    (l) => `${l.protocol} ${l.address} ${l.port}${l.loopbackOnly === true ? ' loopback' : ''} ${l.process === null ? '-' : `${l.process.name} ${l.process.pid}`}`,
  );
}

async function importFile(...args: string[]): Promise<ListenerFileJson> {
  const run = await runCli('agent', 'import', ...args);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as ListenerFileJson;
}

describe('ss -tulpnH', () => {
  test('a docker host: zones, brackets, *, IPv4-mapped, shared sockets (lowest pid), UDP UNCONN', async () => {
    const file = await importFile('--from', 'ss', join(SS, 'ubuntu-22.04-docker.txt'), '--instance-id', 'i-0a1b2c3d4e5f60718', '--collected-at', '2026-11-20T09:00:00Z');
    assert.equal(file.instanceId, 'i-0a1b2c3d4e5f60718');
    assert.equal(file.collectedAt, '2026-11-20T09:00:00Z');
    assert.deepEqual(rows(file), [
      'tcp 0.0.0.0 22 sshd 812',
      'tcp :: 22 sshd 812',
      'tcp 127.0.0.53 53 loopback systemd-resolve 634',
      'tcp 0.0.0.0 80 nginx 1201',
      'tcp :: 80 nginx 1201',
      'tcp 0.0.0.0 443 nginx 1201',
      'tcp 127.0.0.1 3306 loopback mysqld 1288',
      'tcp 127.0.0.1 8005 loopback java 3120',
      'tcp 0.0.0.0 8080 docker-proxy 2291',
      'tcp :: 8080 docker-proxy 2298',
      'tcp 10.0.1.10 8443 java 3120',
      'tcp :: 9100 node_exporter 915',
      'tcp 127.0.0.1 33060 loopback mysqld 1288',
      'tcp 127.0.0.1 39315 loopback containerd 1022',
      'udp 127.0.0.53 53 loopback systemd-resolve 634',
      'udp 10.0.1.10 68 systemd-network 611',
      'udp 127.0.0.1 323 loopback chronyd 702',
      'udp ::1 323 loopback chronyd 702',
      'udp fe80::8ff:4cff:fe2a:9d1b 546 systemd-network 611',
      'udp 0.0.0.0 8125 amazon-cloudwat 1570',
    ]);
    assert.ok(file.listeners.every((l) => l.process === null || l.process.path === null), 'ss does not print paths');
    // `[::]` is an IPV6_V6ONLY socket in today's ss; `*` (node_exporter) is dual-stack.
    assert.deepEqual(
      file.listeners.filter((l) => (l as { ipv6Only?: boolean }).ipv6Only === true).map((l) => `${l.protocol} ${l.port}`),
      ['tcp 22', 'tcp 80', 'tcp 8080'],
    );
  });

  test('old ss (CentOS 7): users:(("sshd",1093,3)), a header, and * meaning IPv4 0.0.0.0', async () => {
    const file = await importFile('--from', 'ss', join(SS, 'centos-7-old-format.txt'), '--instance-id', 'i-0c7c7c7c7c7c7c7c7', '--collected-at', '2026-11-20T09:00:00Z');
    assert.deepEqual(rows(file), [
      'tcp 127.0.0.1 25 loopback master 1362',
      'tcp ::1 25 loopback master 1362',
      'tcp 0.0.0.0 22 sshd 1093',
      'tcp :: 22 sshd 1093',
      'tcp 0.0.0.0 111 rpcbind 617',
      'tcp :: 111 rpcbind 617',
      'tcp 10.0.1.10 5432 postgres 1187',
      'udp 0.0.0.0 68 dhclient 1021',
      'udp 0.0.0.0 111 rpcbind 617',
      'udp :: 111 rpcbind 617',
      'udp 127.0.0.1 323 loopback chronyd 642',
      'udp ::1 323 loopback chronyd 642',
      'udp 0.0.0.0 908 rpcbind 617',
      'udp :: 908 rpcbind 617',
    ].sort((a, b) => a.split(' ')[0].localeCompare(b.split(' ')[0]) || Number(a.split(' ')[2]) - Number(b.split(' ')[2])));
  });

  test('ss -tanp without root: no Netid column, unnamed owners, established sockets left out', async () => {
    const file = await importFile('--from', 'ss', join(SS, 'no-root-ss-tanp.txt'), '--instance-id', 'i-0d0d0d0d0d0d0d0d0', '--collected-at', '2026-11-20T09:00:00Z');
    assert.deepEqual(rows(file), ['tcp 0.0.0.0 22 -', 'tcp :: 22 -', 'tcp 127.0.0.53 53 loopback -', 'tcp 0.0.0.0 3000 node 4121']);
  });

  test('instance id from the file name, collectedAt from its modification time, --output DIR', async () => {
    const capture = join(scratch.dir, 'i-048c5aa472546e50c.txt');
    copyFileSync(join(SS, 'i-048c5aa472546e50c.txt'), capture);
    utimesSync(capture, new Date('2026-11-20T09:24:00Z'), new Date('2026-11-20T09:24:00Z'));
    const out = join(scratch.dir, 'agent-data');
    const run = await runCli('agent', 'import', '--from', 'ss', capture, '--output', `${out}/`);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const file = JSON.parse(readFileSync(join(out, 'i-048c5aa472546e50c.json'), 'utf8')) as ListenerFileJson;
    assert.equal(file.instanceId, 'i-048c5aa472546e50c');
    assert.equal(file.collectedAt, '2026-11-20T09:24:00Z');
    assert.deepEqual(rows(file), [
      'tcp 0.0.0.0 22 sshd 812',
      'tcp :: 22 sshd 812',
      'tcp 0.0.0.0 80 httpd 1104',
      'tcp 0.0.0.0 110 dovecot 1033',
      'tcp 0.0.0.0 3306 mysqld 1290',
      'udp 127.0.0.1 323 loopback chronyd 641',
      'udp ::1 323 loopback chronyd 641',
    ]);
    // The file loads as listener data, loopbackOnly and all.
    const loaded = await loadListenerData(out);
    assert.equal(loaded.get('i-048c5aa472546e50c')?.listeners.length, 7);
  });

  test('an ss capture of the example\'s agent host, handed to assess, gives the bundled findings', async () => {
    const out = join(scratch.dir, 'seed-agent-data');
    const imported = await runCli('agent', 'import', '--from', 'ss', join(SS, 'i-048c5aa472546e50c.txt'), '--collected-at', '2026-11-20T09:25:00Z', '--output', `${out}/`);
    assert.equal(imported.code, 0, imported.stderr);
    const findings = async (...extra: string[]) => {
      const run = await runCli('assess', 'examples/seed-article', '--format', 'json', ...extra);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { findings: { instanceId: string; ruleType: string; port: number | null; listener: FileListener | null }[] };
      return report.findings
        .filter((f) => f.instanceId === 'i-048c5aa472546e50c' && f.port !== null)
        .map((f) => `${f.ruleType} ${f.port} ${f.listener?.process?.name ?? '-'} ${f.listener?.process?.pid ?? '-'}`);
    };
    const bundled = await findings();
    assert.deepEqual(await findings('--agent-data', out), bundled);
    assert.deepEqual(bundled.sort(), [
      'RecognizedPortNoListener 21 - -',
      'RecognizedPortNoListener 443 - -',
      'RecognizedPortWithListener 22 sshd 812',
      'RecognizedPortWithListener 80 httpd 1104',
      'UnrecognizedPortWithListener 110 dovecot 1033',
    ]);
  });

  test('process names with spaces and quotes survive', () => {
    const [l] = parseSsOutput('tcp LISTEN 0 128 0.0.0.0:9000 0.0.0.0:* users:(("Web Content",pid=77,fd=3))\n', 'x');
    assert.deepEqual(l.process, { name: 'Web Content', pid: 77, path: null });
  });

  test('bad input: one line naming the file and line number, exit 2', async () => {
    const bad = join(scratch.dir, 'bad-ss.txt');
    writeFileSync(bad, 'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=812,fd=3))\n\nActive Connections\n');
    const run = await runCli('agent', 'import', '--from', 'ss', bad, '--instance-id', 'i-0bad');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `netreach: ${bad}:3: expected a line of "ss -tulpnH" output (Netid State Recv-Q Send-Q Local:Port Peer:Port users:(…)), got "Active Connections"\n`);
    writeFileSync(bad, 'tcp LISTEN 0 128 0.0.0.0:99999 0.0.0.0:*\n');
    const port = await runCli('agent', 'import', '--from', 'ss', bad, '--instance-id', 'i-0bad');
    assert.equal(port.stderr, `netreach: ${bad}:1: expected a local address:port, got "0.0.0.0:99999"\n`);
    const netstat = await runCli('agent', 'import', '--from', 'ss', join(WINDOWS, 'netstat-ano.txt'), '--instance-id', 'i-0bad');
    assert.match(netstat.stderr, /netstat-ano\.txt:2: expected a line of "ss -tulpnH" output .*got "Active Connections"\n$/);
  });

  test('usage errors: no instance id, no --from, an unknown format, --tasklist with ss, a missing file', async () => {
    const cases: readonly [string[], RegExp][] = [
      [['--from', 'ss', join(SS, 'ubuntu-22.04-docker.txt')], /cannot tell which instance .*ubuntu-22\.04-docker\.txt is from: pass --instance-id/],
      [[join(SS, 'ubuntu-22.04-docker.txt')], /required option '--from <format>' not specified/],
      [['--from', 'lsof', 'x'], /argument 'lsof' is invalid\. Allowed choices are ss, netstat-windows/],
      [['--from', 'ss', '--tasklist', 't.csv', join(SS, 'ubuntu-22.04-docker.txt'), '--instance-id', 'i-0x'], /--tasklist goes with --from netstat-windows/],
      [['--from', 'ss', join(scratch.dir, 'absent.txt'), '--instance-id', 'i-0x'], /cannot read the ss output .*absent\.txt: ENOENT/],
      [['--from', 'ss', join(SS, 'ubuntu-22.04-docker.txt'), '--instance-id', 'i-0x', '--collected-at', 'yesterday'], /expected an ISO-8601 time/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli('agent', 'import', ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stderr.split('\n').length, 2, 'one line');
    }
  });
});

describe('Windows netstat -ano', () => {
  test('with tasklist /fo csv: LISTENING TCP and all UDP, [::] as ::, names by PID', async () => {
    const file = await importFile(
      '--from', 'netstat-windows', join(WINDOWS, 'netstat-ano.txt'),
      '--tasklist', join(WINDOWS, 'tasklist.csv'),
      '--instance-id', 'i-0e1e2e3e4e5e6e7e8', '--collected-at', '2026-11-20T09:00:00Z',
    );
    const tcp = rows(file).filter((r) => r.startsWith('tcp'));
    assert.deepEqual(tcp.slice(0, 12), [
      'tcp 0.0.0.0 80 System 4',
      'tcp :: 80 System 4',
      'tcp 0.0.0.0 135 svchost.exe 916',
      'tcp :: 135 svchost.exe 916',
      'tcp 10.0.1.25 139 System 4',
      'tcp 0.0.0.0 445 System 4',
      'tcp :: 445 System 4',
      'tcp 0.0.0.0 1433 sqlservr.exe 2212',
      'tcp :: 1433 sqlservr.exe 2212',
      'tcp 127.0.0.1 1434 loopback sqlservr.exe 2212',
      'tcp ::1 1434 loopback sqlservr.exe 2212',
      'tcp 0.0.0.0 3389 svchost.exe 1004',
    ]);
    assert.equal(tcp.length, 29, 'established, time-wait and close-wait sockets are not listeners');
    assert.deepEqual(rows(file).filter((r) => r.startsWith('udp')), [
      'udp 0.0.0.0 123 svchost.exe 1240',
      'udp :: 123 svchost.exe 1240',
      'udp 10.0.1.25 137 System 4',
      'udp 10.0.1.25 138 System 4',
      'udp 0.0.0.0 500 svchost.exe 3012',
      'udp :: 500 svchost.exe 3012',
      'udp fe80::5d3b:4a1c:9e2f:1b7a 1900 svchost.exe 3656',
      'udp 0.0.0.0 3389 svchost.exe 1004',
      'udp :: 3389 svchost.exe 1004',
      'udp 0.0.0.0 4500 svchost.exe 3012',
      'udp :: 4500 svchost.exe 3012',
      'udp 0.0.0.0 5353 svchost.exe 1532',
      'udp 0.0.0.0 5355 svchost.exe 1532',
      'udp 127.0.0.1 51234 loopback MsMpEng.exe 2716',
      'udp ::1 51235 loopback MsMpEng.exe 2716',
    ]);
  });

  test('without tasklist the owners are unnamed; a PID the tasklist lacks too', async () => {
    const file = await importFile('--from', 'netstat-windows', join(WINDOWS, 'netstat-ano.txt'), '--instance-id', 'i-0e1e2e3e4e5e6e7e8', '--collected-at', '2026-11-20T09:00:00Z');
    assert.equal(file.listeners.length, 44);
    assert.ok(file.listeners.every((l) => l.process === null));
    const partial = join(scratch.dir, 'tasklist-partial.csv');
    writeFileSync(partial, '"System","4","Services","0","140 K"\r\n');
    const named = await importFile('--from', 'netstat-windows', join(WINDOWS, 'netstat-ano.txt'), '--tasklist', partial, '--instance-id', 'i-0e', '--collected-at', '2026-11-20T09:00:00Z');
    assert.deepEqual([...new Set(named.listeners.map((l) => l.process?.name ?? '-'))].sort(), ['-', 'System']);
  });

  test("PowerShell 5.1's `>` capture (UTF-16 with a byte-order mark) imports as the UTF-8 one does", async () => {
    const original = readFileSync(join(WINDOWS, 'netstat-ano.txt'), 'utf8');
    const tasklist = readFileSync(join(WINDOWS, 'tasklist.csv'), 'utf8');
    const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const netstat16 = join(scratch.dir, 'netstat-utf16.txt');
    const tasklist16 = join(scratch.dir, 'tasklist-utf16.csv');
    writeFileSync(netstat16, utf16(original));
    writeFileSync(tasklist16, utf16(tasklist));
    const args = ['--instance-id', 'i-0e1e2e3e4e5e6e7e8', '--collected-at', '2026-11-20T09:00:00Z'];
    const fromUtf16 = await importFile('--from', 'netstat-windows', netstat16, '--tasklist', tasklist16, ...args);
    const fromUtf8 = await importFile('--from', 'netstat-windows', join(WINDOWS, 'netstat-ano.txt'), '--tasklist', join(WINDOWS, 'tasklist.csv'), ...args);
    assert.equal(fromUtf16.listeners.length, 44);
    assert.deepEqual(rows(fromUtf16), rows(fromUtf8));
  });

  test('localized netstat (German): the header is skipped, listening is told by the empty peer', async () => {
    const german = join(scratch.dir, 'netstat-de.txt');
    writeFileSync(german, '\r\nAktive Verbindungen\r\n\r\n  Proto  Lokale Adresse         Remoteadresse          Status           PID\r\n  TCP    0.0.0.0:3389           0.0.0.0:0              ABHÖREN         1004\r\n  TCP    10.0.1.25:3389         203.0.113.50:52144     HERGESTELLT     1004\r\n  UDP    0.0.0.0:123            *:*                                    1240\r\n');
    const file = await importFile('--from', 'netstat-windows', german, '--instance-id', 'i-0de', '--collected-at', '2026-11-20T09:00:00Z');
    assert.deepEqual(rows(file), ['tcp 0.0.0.0 3389 -', 'udp 0.0.0.0 123 -']);
  });

  test('bad netstat or tasklist input: one line with file and line number', async () => {
    const ss = await runCli('agent', 'import', '--from', 'netstat-windows', join(SS, 'ubuntu-22.04-docker.txt'), '--instance-id', 'i-0x');
    assert.equal(ss.code, 2);
    assert.match(ss.stderr, /ubuntu-22\.04-docker\.txt:1: expected "netstat -ano" output, found no TCP or UDP line\n$/);
    const broken = join(scratch.dir, 'netstat-broken.txt');
    writeFileSync(broken, readFileSync(join(WINDOWS, 'netstat-ano.txt'), 'utf8').replace('  TCP    0.0.0.0:445 ', '  TCP    0.0.0.0:4x5 '));
    const line = await runCli('agent', 'import', '--from', 'netstat-windows', broken, '--instance-id', 'i-0x');
    assert.match(line.stderr, /netstat-broken\.txt:7: expected a TCP or UDP line of "netstat -ano" output \(Proto Local Foreign State PID\), got "TCP {4}0\.0\.0\.0:4x5 /);
    const csv = join(scratch.dir, 'tasklist-broken.csv');
    writeFileSync(csv, '"Image Name","PID"\r\n"System","4"\r\n"svchost.exe,"916"\r\n');
    const tasklist = await runCli('agent', 'import', '--from', 'netstat-windows', join(WINDOWS, 'netstat-ano.txt'), '--tasklist', csv, '--instance-id', 'i-0x');
    assert.equal(tasklist.code, 2);
    assert.equal(tasklist.stderr, `netreach: ${csv}:3: expected a line of "tasklist /fo csv" output ("Image Name","PID",…), got "\\"svchost.exe,\\"916\\""\n`);
  });

  test('tasklist CSV: quoted commas and doubled quotes, header or /nh', () => {
    assert.deepEqual(csvFields('"Registry","88","Services","0","63,420 K"'), ['Registry', '88', 'Services', '0', '63,420 K']);
    assert.deepEqual(csvFields('"Some ""quoted"" tool.exe","4410"'), ['Some "quoted" tool.exe', '4410']);
    assert.equal(csvFields('"open,"1"'), null);
    const names = parseTasklistCsv(readFileSync(join(WINDOWS, 'tasklist.csv'), 'utf8'), 'tasklist.csv');
    assert.equal(names.get(4), 'System');
    assert.equal(names.get(4410), 'Some "quoted" tool.exe');
    assert.equal(names.size, 24);
    assert.deepEqual([...parseTasklistCsv('"System","4","Services","0","140 K"\n', 'x')], [[4, 'System']]);
  });
});
