// The instance id from EC2 instance metadata (IMDSv2), against a stand-in server on 127.0.0.1.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { instanceIdFromImds } from '../../src/agent/index.js';
import { runCli } from '../cli/run-cli.js';
import { procTree } from './proc-fixture.js';

const TOKEN = 'AQAEAFz0d2hpdGVzcGFjZQ==';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers like IMDSv2: a token for PUT /latest/api/token, the id only for requests carrying it. */
const imdsV2: Handler = (req, res) => {
  if (req.method === 'PUT' && req.url === '/latest/api/token') {
    if (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] === undefined) return void res.writeHead(400).end();
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end(TOKEN);
  }
  if (req.method === 'GET' && req.url === '/latest/meta-data/instance-id') {
    if (req.headers['x-aws-ec2-metadata-token'] !== TOKEN) return void res.writeHead(401).end();
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end('i-048c5aa472546e50c');
  }
  res.writeHead(404).end();
};

const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe('instance metadata', () => {
  const tree = procTree([]);
  after(tree.remove);

  test('the token flow gives the instance id', async () => {
    assert.equal(await instanceIdFromImds({ endpoint: await serve(imdsV2) }), 'i-048c5aa472546e50c');
  });

  test('`netreach agent` asks it when --instance-id is not given: --imds-endpoint or NETREACH_IMDS_ENDPOINT', async () => {
    const endpoint = await serve(imdsV2);
    const byOption = await runCli('agent', '--imds-endpoint', endpoint, '--proc', tree.root);
    assert.equal(byOption.code, 0, byOption.stderr);
    assert.equal((JSON.parse(byOption.stdout) as { instanceId: string }).instanceId, 'i-048c5aa472546e50c');
    process.env.NETREACH_IMDS_ENDPOINT = endpoint;
    try {
      const byEnvironment = await runCli('agent', '--proc', tree.root);
      assert.equal(byEnvironment.code, 0, byEnvironment.stderr);
      assert.equal((JSON.parse(byEnvironment.stdout) as { instanceId: string }).instanceId, 'i-048c5aa472546e50c');
    } finally {
      delete process.env.NETREACH_IMDS_ENDPOINT;
    }
  });

  test('no answer within a second: one line saying so and what to do, exit 2', async () => {
    const silent = await serve(() => undefined);
    const run = await runCli('agent', '--imds-endpoint', silent, '--proc', tree.root);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `netreach: cannot learn the instance id from EC2 instance metadata at ${silent}: no answer within 1 s; not on EC2? pass --instance-id\n`);
  });

  test('IMDSv2 refused, nothing listening, or not an instance id: each a clear error', async () => {
    const refusing = await serve((_req, res) => void res.writeHead(403).end());
    await assert.rejects(instanceIdFromImds({ endpoint: refusing }), /: HTTP 403 from PUT \/latest\/api\/token; not on EC2\? pass --instance-id$/);
    const closed = await serve(() => undefined);
    const port = new URL(closed).port;
    servers.pop()!.close();
    await assert.rejects(instanceIdFromImds({ endpoint: `http://127.0.0.1:${port}` }), /: cannot connect \(.*ECONNREFUSED.*\)/);
    const wrong = await serve((req, res) => void res.writeHead(200).end(req.method === 'PUT' ? TOKEN : '<html>captive portal</html>'));
    await assert.rejects(instanceIdFromImds({ endpoint: wrong }), /expected an instance id like i-0123456789abcdef0, got "<html>captive portal<\/html>"/);
  });

  test('a bad --imds-endpoint or --instance-id is a usage error', async () => {
    const url = await runCli('agent', '--imds-endpoint', 'ftp://169.254.169.254');
    assert.equal(url.code, 2);
    assert.match(url.stderr, /^netreach: option '--imds-endpoint <url>' argument 'ftp:\/\/169.254.169.254' is invalid\. expected an http:\/\/ address/);
    const id = await runCli('agent', '--instance-id', '../../etc/passwd');
    assert.equal(id.code, 2);
    assert.match(id.stderr, /expected an instance id like i-0123456789abcdef0/);
  });
});
