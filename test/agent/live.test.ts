// `netreach agent` on this very host: a child process opens real sockets and the agent must
// find exactly those for the child's pid, named after its program.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { FIXTURES } from './proc-fixture.js';

interface ChildPorts {
  readonly tcpAny: number;
  readonly tcpLoopback: number;
  readonly udpAny: number;
  readonly tcpIpv6Any: number | null;
}

interface FileListener {
  readonly protocol: string;
  readonly port: number;
  readonly address: string;
  readonly loopbackOnly?: boolean;
  readonly process: { readonly name: string; readonly pid: number; readonly path: string | null } | null;
}

const isLinux = process.platform === 'linux';
let child: ChildProcessWithoutNullStreams;
let ports: ChildPorts;

before(async () => {
  if (!isLinux) return;
  child = spawn(process.execPath, [join(FIXTURES, 'listening-child.mjs')]);
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  ports = JSON.parse(line.toString('utf8')) as ChildPorts;
});

after(() => {
  if (isLinux) child.stdin.end();
});

test('the agent finds the child\'s sockets, with its pid and name; loopback marked', { skip: !isLinux && 'the agent reads Linux /proc' }, async (t) => {
  const run = await runCli('agent', '--instance-id', 'i-0test');
  assert.equal(run.code, 0, run.stderr);
  const file = JSON.parse(run.stdout) as { instanceId: string; listeners: FileListener[] };
  assert.equal(file.instanceId, 'i-0test');

  const mine = file.listeners.filter((l) => l.process?.pid === child.pid);
  const expected = [
    `tcp 0.0.0.0 ${ports.tcpAny}`,
    `tcp 127.0.0.1 ${ports.tcpLoopback} loopbackOnly`,
    ...(ports.tcpIpv6Any === null ? [] : [`tcp :: ${ports.tcpIpv6Any}`]),
    `udp 0.0.0.0 ${ports.udpAny}`,
  ];
  if (ports.tcpIpv6Any === null) t.diagnostic('this host has no IPv6: the IPv6 listener was not checked');
  const found = mine.map((l) => `${l.protocol} ${l.address} ${l.port}${l.loopbackOnly === true ? ' loopbackOnly' : ''}`);
  assert.deepEqual(found.sort(), expected.sort());

  // The kernel names a process after the file it ran ("node"), cut to 15 characters.
  const name = basename(process.execPath).slice(0, 15);
  for (const l of mine) assert.deepEqual(l.process, { name, pid: child.pid, path: realpathSync(process.execPath) });
  assert.ok(!('loopbackOnly' in mine.find((l) => l.port === ports.tcpAny)!), 'only loopback binds are marked');
});
