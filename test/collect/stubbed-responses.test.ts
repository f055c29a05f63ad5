// Direct Connect from recorded responses (moto has none), and a call AWS refuses: the collection
// goes on, the manifest records the refusal, and `assess` lists the gap instead of reading the
// missing data as "nothing there".
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AttachVpnGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  AssociateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateCustomerGatewayCommand,
  CreateVpcCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DescribeVpnConnectionsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { collect, NO_PROGRESS, type CollectManifest, type CollectResult, type RequestHandler, type ServiceName } from '../../src/collect/index.js';
import { runCli } from '../cli/run-cli.js';
import type { AssessReport } from './findings-facts.js';
import { startMoto, useFakeAwsEnvironment, type MotoServer } from './moto-server.js';
import { estateClients, REGION } from './seed-estate.js';
import { ec2Denying, ec2Hanging, ec2RegionsByCaller, recordedDirectConnect } from './stub-handlers.js';

const ACCOUNT = '123456789012';
let moto: MotoServer;
let scratch: string;
let vgw: string;
let instanceId: string;
let folders = 0;

/** A VPC whose subnet routes 192.168.0.0/16 to a virtual private gateway; SSH open to that range. */
async function buildOnPremisesEstate(endpoint: string): Promise<void> {
  const { ec2 } = estateClients(endpoint);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }))).Vpc?.VpcId ?? '';
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.5.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet?.SubnetId ?? '';
  vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway?.VpnGatewayId ?? '';
  await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
  const tableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '';
  await ec2.send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'onprem-ssh', Description: 'ssh' }))).GroupId ?? '';
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.0.0/16' }] }] }),
  );
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnetId, PrivateIpAddress: '10.5.1.10', SecurityGroupIds: [groupId] }),
  );
  instanceId = run.Instances?.[0]?.InstanceId ?? '';
  ec2.destroy();
  assert.ok(vgw !== '' && instanceId !== '', 'estate built');
}

before(async () => {
  useFakeAwsEnvironment();
  moto = await startMoto();
  await buildOnPremisesEstate(moto.endpoint);
  scratch = mkdtempSync(path.join(tmpdir(), 'netreach-stubbed-'));
});

after(async () => {
  await moto?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

async function collectWith(handlers: Partial<Record<ServiceName, RequestHandler>>): Promise<{ folder: string; result: CollectResult }> {
  const folder = path.join(scratch, `snapshot-${++folders}`);
  return { folder, result: await collectInto(folder, handlers) };
}

function collectInto(folder: string, handlers: Partial<Record<ServiceName, RequestHandler>>, profile: string | null = null): Promise<CollectResult> {
  return collect({
    output: folder,
    profile,
    roleArns: [],
    regions: [REGION],
    endpoint: moto.endpoint,
    concurrency: 4,
    maxAttempts: 2,
    tool: { name: 'netreach', version: 'test' },
    progress: () => NO_PROGRESS,
    requestHandlerFor: (service) => handlers[service],
  });
}

async function assessJson(folder: string): Promise<AssessReport> {
  const run = await runCli('assess', folder, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as AssessReport;
}

function vgwFindings(report: AssessReport): string[] {
  return report.findings
    .filter((f) => f.instanceId === instanceId && f.reachabilityType === 'VGW' && f.ruleType !== 'NetworkExposure')
    .map((f) => `${f.ruleType} ${f.severity} ${f.protocol} ${f.port} ${f.via.type} ${f.sources.join(' ')}`);
}

describe('Direct Connect from recorded responses', () => {
  test('virtual interfaces, gateways and their associations are collected and read', async () => {
    const { folder, result } = await collectWith({ directconnect: recordedDirectConnect(vgw) });
    assert.deepEqual(result.failed, []);
    const dx = result.manifest.calls.filter((c) => c.call.startsWith('directconnect:')).map((c) => `${c.call} ${c.parent ?? '-'} ${c.items}`);
    assert.deepEqual(dx, [
      'directconnect:DescribeDirectConnectGatewayAssociations 5f294f92-bafb-4011-916d-9b0bexample 1',
      `directconnect:DescribeDirectConnectGatewayAssociations ${vgw} 1`,
      'directconnect:DescribeDirectConnectGateways - 1',
      'directconnect:DescribeVirtualInterfaces - 1',
    ]);
    const vifs = JSON.parse(readFileSync(path.join(folder, ACCOUNT, REGION, 'directconnect-describe-virtual-interfaces.json'), 'utf8')) as {
      virtualInterfaces: { virtualGatewayId: string; virtualInterfaceState: string }[];
    };
    assert.deepEqual(vifs.virtualInterfaces.map((v) => [v.virtualGatewayId, v.virtualInterfaceState]), [[vgw, 'available']]);
    // An available private virtual interface connects the VGW: on-premises hosts reach SSH (Medium, one level lower).
    assert.deepEqual(vgwFindings(await assessJson(folder)), [`RecognizedPortNoAgent Low tcp 22 VGW 192.168.0.0/16`]);
  });

  test('virtual interfaces are collected page by page (nextToken)', async () => {
    // Page 1: a virtual interface that is down; page 2: the available one that connects the VGW.
    const paged = recordedDirectConnect(vgw, (operation, response, request) => {
      if (operation !== 'DescribeVirtualInterfaces') return;
      const [vif] = response['virtualInterfaces'] as Record<string, unknown>[];
      if (request['nextToken'] === undefined) {
        response['virtualInterfaces'] = [{ ...vif, virtualInterfaceId: 'dxvif-ffpage1', virtualInterfaceState: 'down' }];
        response['nextToken'] = 'page-2';
      } else {
        assert.equal(request['nextToken'], 'page-2');
        response['virtualInterfaces'] = [vif];
      }
    });
    const { folder, result } = await collectWith({ directconnect: paged });
    assert.deepEqual(result.failed, []);
    const vifs = JSON.parse(readFileSync(path.join(folder, ACCOUNT, REGION, 'directconnect-describe-virtual-interfaces.json'), 'utf8')) as {
      virtualInterfaces: { virtualInterfaceState: string }[];
    };
    assert.deepEqual(vifs.virtualInterfaces.map((v) => v.virtualInterfaceState), ['down', 'available']);
    assert.deepEqual(vgwFindings(await assessJson(folder)), [`RecognizedPortNoAgent Low tcp 22 VGW 192.168.0.0/16`]);
  });

  test("a VGW associated with another account's Direct Connect gateway: the association is asked for by the VGW", async () => {
    // The network account owns the Direct Connect gateway and the virtual interface: this
    // account lists neither, and only the question per VGW finds the association.
    const asked: Record<string, unknown>[] = [];
    const crossAccount = recordedDirectConnect(vgw, (operation, response, request) => {
      if (operation === 'DescribeVirtualInterfaces') response['virtualInterfaces'] = [];
      if (operation === 'DescribeDirectConnectGateways') response['directConnectGateways'] = [];
      if (operation !== 'DescribeDirectConnectGatewayAssociations') return;
      asked.push(request);
      for (const a of response['directConnectGatewayAssociations'] as Record<string, unknown>[]) a['directConnectGatewayOwnerAccount'] = '210987654321';
    });
    const { folder, result } = await collectWith({ directconnect: crossAccount });
    assert.deepEqual(result.failed, []);
    assert.deepEqual(asked, [{ virtualGatewayId: vgw }]);
    const report = await assessJson(folder);
    assert.deepEqual(vgwFindings(report), [`RecognizedPortNoAgent Low tcp 22 VGW 192.168.0.0/16`]);
    assert.deepEqual(report.assessment.coverage, []);
  });

  test('a VGW whose virtual interface is down and that no gateway association names carries nothing', async () => {
    const down = recordedDirectConnect(vgw, (operation, response) => {
      if (operation === 'DescribeVirtualInterfaces') {
        for (const vif of response['virtualInterfaces'] as { virtualInterfaceState: string }[]) vif.virtualInterfaceState = 'down';
      }
      if (operation === 'DescribeDirectConnectGatewayAssociations') response['directConnectGatewayAssociations'] = [];
    });
    const { folder, result } = await collectWith({ directconnect: down });
    assert.deepEqual(result.failed, []);
    const report = await assessJson(folder);
    assert.deepEqual(vgwFindings(report), []);
    assert.deepEqual(report.assessment.coverage, []);
  });
});

describe('a call AWS refuses', () => {
  test('DescribeNetworkAcls denied: recorded, the rest collected, and assess reports the gap', async () => {
    const { folder, result } = await collectWith({ ec2: ec2Denying('DescribeNetworkAcls'), directconnect: recordedDirectConnect(vgw) });
    assert.deepEqual(
      result.failed.map((c) => `${c.call} ${c.error?.code}`),
      ['ec2:DescribeNetworkAcls UnauthorizedOperation'],
    );
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as CollectManifest;
    const denied = manifest.calls.find((c) => c.status === 'error');
    assert.match(denied?.error?.message ?? '', /^You are not authorized to perform this operation\. User: .* ec2:DescribeNetworkAcls/);
    assert.equal(manifest.calls.filter((c) => c.status === 'ok').length, manifest.calls.length - 1);

    const report = await assessJson(folder);
    const gaps = report.assessment.coverage.map((n) => `${n.resourceType} ${n.resourceId}: ${n.reason}`);
    assert.ok(
      gaps.includes(
        `AWS::EC2::NetworkAcl all in ${ACCOUNT}/${REGION}: not collected: ec2:DescribeNetworkAcls failed (UnauthorizedOperation: ${denied?.error?.message})`,
      ),
      gaps.join('\n'),
    );
    // The engine's own note for the instance's subnet: its NACL checks were skipped, not passed.
    assert.ok(gaps.some((g) => g.startsWith('AWS::EC2::Subnet ') && /network ACL/i.test(g)), gaps.join('\n'));

    const table = await runCli('assess', folder);
    assert.match(table.stdout, /Coverage gaps: \d+\n {2}NetworkAcl all in 123456789012\/us-east-1: not collected:/);
    assert.match(table.stdout, /ec2:DescribeNetworkAcls failed/);
    const strict = await runCli('assess', folder, '--strict');
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /^netreach: --strict: the snapshot has \d+ coverage gaps/);
  });
});

describe('secrets', () => {
  test("a VPN connection's CustomerGatewayConfiguration (its tunnels' pre-shared keys) is not written to the snapshot", async () => {
    const { ec2 } = estateClients(moto.endpoint);
    const cgw = (await ec2.send(new CreateCustomerGatewayCommand({ Type: 'ipsec.1', PublicIp: '198.51.100.7', BgpAsn: 65000 }))).CustomerGateway?.CustomerGatewayId ?? '';
    const vpn = (await ec2.send(new CreateVpnConnectionCommand({ Type: 'ipsec.1', CustomerGatewayId: cgw, VpnGatewayId: vgw }))).VpnConnection?.VpnConnectionId ?? '';
    const described = await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [vpn] }));
    ec2.destroy();
    assert.ok((described.VpnConnections?.[0]?.CustomerGatewayConfiguration ?? '').length > 0, 'the API returns the configuration');
    const { folder, result } = await collectWith({ directconnect: recordedDirectConnect(vgw) });
    assert.deepEqual(result.failed, []);
    const text = readFileSync(path.join(folder, ACCOUNT, REGION, 'ec2-describe-vpn-connections.json'), 'utf8');
    const written = JSON.parse(text) as { VpnConnections: Record<string, unknown>[] };
    const connection = written.VpnConnections.find((c) => c['VpnConnectionId'] === vpn);
    assert.ok(connection !== undefined, text);
    assert.equal(connection['VpnGatewayId'], vgw);
    assert.ok(!('CustomerGatewayConfiguration' in connection), 'no configuration key');
    assert.doesNotMatch(text, /pre_shared_key|CustomerGatewayConfiguration/);
  });
});

describe('a collection that does not finish', () => {
  test('its folder says so: the manifest written first is marked incomplete, and assess lists it as a gap', async () => {
    const folder = path.join(scratch, `snapshot-${++folders}`);
    const running = collectInto(folder, { ec2: ec2Hanging('DescribeInstances'), directconnect: recordedDirectConnect(vgw) });
    const outcome = await Promise.race([running.then(() => 'finished'), new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000))]);
    assert.equal(outcome, 'still running');
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { complete?: boolean; calls: unknown[] };
    assert.equal(manifest.complete, false);
    const report = await assessJson(folder);
    assert.ok(
      report.assessment.coverage.some((n) => n.resourceType === 'Snapshot' && /collection that wrote this folder did not finish/.test(n.reason)),
      JSON.stringify(report.assessment.coverage),
    );
    // A collection that ends replaces it with the final manifest, which has no such mark.
    const { folder: done } = await collectWith({ directconnect: recordedDirectConnect(vgw) });
    assert.ok(!('complete' in (JSON.parse(readFileSync(path.join(done, 'manifest.json'), 'utf8')) as object)));
  });
});

describe('credentials', () => {
  test('a --profile while access keys are in the environment too: the SDK does not warn about it', async () => {
    assert.ok(process.env['AWS_ACCESS_KEY_ID'] !== undefined && process.env['AWS_SECRET_ACCESS_KEY'] !== undefined, 'keys in the environment');
    const credentialsFile = path.join(scratch, 'credentials');
    writeFileSync(credentialsFile, '[audit]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
    const saved = process.env['AWS_SHARED_CREDENTIALS_FILE'];
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsFile;
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
    try {
      const result = await collectInto(path.join(scratch, `snapshot-${++folders}`), { directconnect: recordedDirectConnect(vgw) }, 'audit');
      assert.deepEqual(result.failed, []);
    } finally {
      console.warn = warn;
      if (saved === undefined) delete process.env['AWS_SHARED_CREDENTIALS_FILE'];
      else process.env['AWS_SHARED_CREDENTIALS_FILE'] = saved;
    }
    assert.deepEqual(warned.filter((w) => /credential/i.test(w)), []);
  });
});

describe('several accounts', () => {
  test('--regions all lists each account\'s own enabled regions', async () => {
    const folder = path.join(scratch, `snapshot-${++folders}`);
    // One handler for every EC2 client, so that it tells the callers apart.
    // The first account has only us-east-1 enabled; the second has opted in to eu-south-1 too.
    const ec2 = ec2RegionsByCaller([[REGION], [REGION, 'eu-south-1']]);
    const result = await collect({
      output: folder,
      profile: null,
      roleArns: ['arn:aws:iam::111111111111:role/audit', 'arn:aws:iam::222222222222:role/audit'],
      regions: 'all',
      endpoint: moto.endpoint,
      concurrency: 4,
      maxAttempts: 2,
      tool: { name: 'netreach', version: 'test' },
      progress: () => NO_PROGRESS,
      requestHandlerFor: (service) => (service === 'ec2' ? ec2 : service === 'directconnect' ? recordedDirectConnect(vgw) : undefined),
    });
    const regionsOf = (account: string) => [...new Set(result.manifest.calls.filter((c) => c.account === account).map((c) => c.region))].sort();
    assert.deepEqual(result.manifest.accounts, ['111111111111', '222222222222']);
    assert.deepEqual(regionsOf('111111111111'), [REGION]);
    assert.deepEqual(regionsOf('222222222222'), ['eu-south-1', REGION].sort());
    assert.deepEqual(result.manifest.regions, ['eu-south-1', REGION].sort());
  });
});
