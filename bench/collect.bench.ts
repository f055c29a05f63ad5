// Measures `netreach collect` against a local AWS API (moto) holding a few thousand resources
// (not part of npm test). Usage: npm run bench:collect -- [instances=2000] [vpcs=10] [concurrency=8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { collect, NO_PROGRESS } from '../src/collect/index.js';
import { loadSnapshot } from '../src/snapshot/index.js';
import { startMoto, useFakeAwsEnvironment } from '../test/collect/moto-server.js';
import { estateClients, REGION } from '../test/collect/seed-estate.js';

const instances = Number(process.argv[2] ?? 2000);
const vpcCount = Number(process.argv[3] ?? 10);
const concurrency = Number(process.argv[4] ?? 8);
const SUBNETS_PER_VPC = 4;
const GROUPS_PER_VPC = 20;

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the API returned nothing');
  return value;
}

async function buildEstate(endpoint: string): Promise<number> {
  const { ec2, elbv2 } = estateClients(endpoint);
  let created = 0;
  const perSubnet = Math.ceil(instances / (vpcCount * SUBNETS_PER_VPC));
  for (let v = 0; v < vpcCount; v++) {
    const vpc = must((await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${v}.0.0/16` }))).Vpc?.VpcId);
    const subnets: string[] = [];
    for (let s = 0; s < SUBNETS_PER_VPC; s++) {
      subnets.push(must((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${v}.${s * 16}.0/20`, AvailabilityZone: s % 2 === 0 ? 'us-east-1a' : 'us-east-1b' }))).Subnet?.SubnetId));
      await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }));
    }
    const groups: string[] = [];
    for (let g = 0; g < GROUPS_PER_VPC; g++) {
      const id = must((await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `g${g}`, Description: 'bench' }))).GroupId);
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: id,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22 + g, ToPort: 22 + g, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ...(g > 0 ? [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groups[g - 1] }] }] : []),
          ],
        }),
      );
      groups.push(id);
    }
    const launched: string[] = [];
    for (const [s, subnet] of subnets.entries()) {
      const run = await ec2.send(
        new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: perSubnet, MaxCount: perSubnet, SubnetId: subnet, SecurityGroupIds: [groups[s % groups.length]] }),
      );
      launched.push(...(run.Instances ?? []).flatMap((i) => (i.InstanceId === undefined ? [] : [i.InstanceId])));
    }
    const lb = must((await elbv2.send(new CreateLoadBalancerCommand({ Name: `lb${v}`, Subnets: subnets.slice(0, 2), SecurityGroups: [groups[0]] }))).LoadBalancers?.[0]?.LoadBalancerArn);
    const tg = must((await elbv2.send(new CreateTargetGroupCommand({ Name: `tg${v}`, Protocol: 'HTTP', Port: 80, VpcId: vpc }))).TargetGroups?.[0]?.TargetGroupArn);
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: launched.slice(0, 20).map((Id) => ({ Id })) }));
    await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    created += 1 + SUBNETS_PER_VPC * 2 + GROUPS_PER_VPC + launched.length + 3;
  }
  ec2.destroy();
  elbv2.destroy();
  return created;
}

useFakeAwsEnvironment();
const moto = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'netreach-collect-bench-'));
try {
  let t = performance.now();
  const created = await buildEstate(moto.endpoint);
  console.log(`estate: ${created} resources created through the SDK in ${((performance.now() - t) / 1000).toFixed(1)}s`);
  t = performance.now();
  const result = await collect({
    output: join(dir, 'snapshot'),
    profile: null,
    roleArns: [],
    regions: [REGION],
    endpoint: moto.endpoint,
    concurrency,
    maxAttempts: 1,
    tool: { name: 'netreach', version: 'bench' },
    progress: () => NO_PROGRESS,
  });
  const seconds = (performance.now() - t) / 1000;
  const ok = result.manifest.calls.filter((c) => c.status === 'ok').length;
  console.log(
    `collect: ${result.records} records in ${ok} calls (${result.failed.length} failed: ${[...new Set(result.failed.map((c) => c.call))].join(', ')}) ` +
      `in ${seconds.toFixed(2)}s, concurrency ${concurrency}: ${(result.records / seconds).toFixed(0)} records/s`,
  );
  // What the largest calls cost moto alone, one request each: the floor under collect's time.
  const { ec2 } = estateClients(moto.endpoint);
  for (const [name, send] of [
    ['DescribeInstances', () => ec2.send(new DescribeInstancesCommand({}))],
    ['DescribeNetworkInterfaces', () => ec2.send(new DescribeNetworkInterfacesCommand({}))],
  ] as const) {
    t = performance.now();
    await send();
    console.log(`moto alone: ${name} in ${((performance.now() - t) / 1000).toFixed(2)}s`);
  }
  ec2.destroy();
  t = performance.now();
  const snapshot = await loadSnapshot(join(dir, 'snapshot'), { lenient: false });
  console.log(
    `load: ${snapshot.files} files, ${snapshot.network.instances.size} instances, ${snapshot.network.networkInterfaces.size} ENIs, ` +
      `${snapshot.network.securityGroups.size} groups in ${((performance.now() - t) / 1000).toFixed(2)}s`,
  );
} finally {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
}
