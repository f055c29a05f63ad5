// Builds examples/seed-article's environment (see its README) through the AWS SDK against a local
// AWS API, plus a second VPC with what the seed lacks: a peering, IPv6, an ALB and an NLB with
// target groups and registered targets. Returns the ids the API gave, by the seed's names.
import {
  AcceptVpcPeeringConnectionCommand,
  AssignIpv6AddressesCommand,
  AssociateRouteTableCommand,
  AssociateSubnetCidrBlockCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  RunInstancesCommand,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  ElasticLoadBalancingClient,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';

export const REGION = 'us-east-1';
/** Any id: moto does not check AMIs unless asked to. */
const IMAGE_ID = 'ami-0123456789abcdef0';

export interface BuiltEstate {
  /** Instance ids by the seed's names (web, agent, noagent, private) and the extras' (app). */
  readonly instances: Readonly<Record<string, string>>;
  /** Security group ids by name. */
  readonly groups: Readonly<Record<string, string>>;
  readonly seedVpc: string;
  readonly extrasVpc: string;
}

export interface EstateClients {
  readonly ec2: EC2Client;
  readonly elb: ElasticLoadBalancingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

export function estateClients(endpoint: string): EstateClients {
  const config = { region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  return { ec2: new EC2Client(config), elb: new ElasticLoadBalancingClient(config), elbv2: new ElasticLoadBalancingV2Client(config) };
}

function named(name: string): Tag[] {
  return [{ Key: 'Name', Value: name }];
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the API returned no ${what}`);
  return value;
}

function tcp(port: number, from: { cidr?: string; cidr6?: string; group?: string }): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    ...(from.cidr === undefined ? {} : { IpRanges: [{ CidrIp: from.cidr }] }),
    ...(from.cidr6 === undefined ? {} : { Ipv6Ranges: [{ CidrIpv6: from.cidr6 }] }),
    ...(from.group === undefined ? {} : { UserIdGroupPairs: [{ GroupId: from.group }] }),
  };
}

function everythingFrom(group: string): IpPermission {
  return { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: group }] };
}

class EstateBuilder {
  readonly instances: Record<string, string> = {};
  readonly groups: Record<string, string> = {};

  constructor(private readonly c: EstateClients) {}

  async vpc(name: string, cidr: string, ipv6 = false): Promise<{ vpcId: string; ipv6Cidr: string | null }> {
    const { Vpc } = await this.c.ec2.send(
      new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: ipv6, TagSpecifications: [{ ResourceType: 'vpc', Tags: named(name) }] }),
    );
    const vpc = required(Vpc, 'VPC');
    return { vpcId: required(vpc.VpcId, 'VPC id'), ipv6Cidr: vpc.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? null };
  }

  async internetGateway(vpcId: string): Promise<string> {
    const { InternetGateway } = await this.c.ec2.send(new CreateInternetGatewayCommand({}));
    const igw = required(InternetGateway?.InternetGatewayId, 'internet gateway id');
    await this.c.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    return igw;
  }

  async subnet(vpcId: string, name: string, cidr: string, zone: string, ipv6Cidr?: string): Promise<string> {
    const { Subnet } = await this.c.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone, TagSpecifications: [{ ResourceType: 'subnet', Tags: named(name) }] }),
    );
    const subnetId = required(Subnet?.SubnetId, 'subnet id');
    if (ipv6Cidr !== undefined) await this.c.ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: ipv6Cidr }));
    return subnetId;
  }

  async routeTable(
    vpcId: string,
    name: string,
    subnets: readonly string[],
    routes: readonly { cidr?: string; cidr6?: string; igw?: string; pcx?: string }[],
  ): Promise<string> {
    const { RouteTable } = await this.c.ec2.send(
      new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'route-table', Tags: named(name) }] }),
    );
    const tableId = required(RouteTable?.RouteTableId, 'route table id');
    for (const r of routes) {
      await this.c.ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: r.cidr,
          DestinationIpv6CidrBlock: r.cidr6,
          GatewayId: r.igw,
          VpcPeeringConnectionId: r.pcx,
        }),
      );
    }
    for (const subnetId of subnets) await this.c.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    return tableId;
  }

  async group(vpcId: string, name: string): Promise<string> {
    const { GroupId } = await this.c.ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }));
    this.groups[name] = required(GroupId, 'group id');
    return this.groups[name];
  }

  async allow(groupId: string, permissions: IpPermission[]): Promise<void> {
    await this.c.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }));
  }

  async instance(name: string, subnetId: string, privateIp: string, groups: readonly string[], publicIp: boolean): Promise<string> {
    const { Instances } = await this.c.ec2.send(
      new RunInstancesCommand({
        ImageId: IMAGE_ID,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, PrivateIpAddress: privateIp, Groups: [...groups], AssociatePublicIpAddress: publicIp }],
        TagSpecifications: [{ ResourceType: 'instance', Tags: named(name) }],
      }),
    );
    this.instances[name] = required(Instances?.[0]?.InstanceId, 'instance id');
    return this.instances[name];
  }
}

/** The seed article's VPC: examples/seed-article/README.md, resource by resource. */
async function buildSeed(b: EstateBuilder, c: EstateClients): Promise<string> {
  const { vpcId } = await b.vpc('seed-article', '10.0.0.0/16');
  const igw = await b.internetGateway(vpcId);
  const publicA = await b.subnet(vpcId, 'seed-article-public-a', '10.0.1.0/24', 'us-east-1a');
  const publicB = await b.subnet(vpcId, 'seed-article-public-b', '10.0.2.0/24', 'us-east-1b');
  const privateA = await b.subnet(vpcId, 'seed-article-private-a', '10.0.11.0/24', 'us-east-1a');
  await b.routeTable(vpcId, 'public', [publicA, publicB], [{ cidr: '0.0.0.0/0', igw }]);

  const elb = await b.group(vpcId, 'elb');
  const elbback = await b.group(vpcId, 'elbback');
  const inspector = await b.group(vpcId, 'inspector');
  await b.allow(elb, [tcp(22, { cidr: '0.0.0.0/0' }), tcp(80, { cidr: '0.0.0.0/0' })]);
  await b.allow(elbback, [tcp(22, { group: elb }), tcp(80, { group: elb }), tcp(443, { cidr: '0.0.0.0/0' }), everythingFrom(elbback)]);
  await b.allow(inspector, [21, 22, 80, 110, 443].map((port) => tcp(port, { cidr: '0.0.0.0/0' })));
  await b.allow(inspector, [tcp(3306, { group: inspector })]);

  const web = await b.instance('web', privateA, '10.0.11.10', [elbback], false);
  await b.instance('agent', publicA, '10.0.1.10', [inspector], true);
  await b.instance('noagent', publicA, '10.0.1.11', [inspector], true);
  await b.instance('private', privateA, '10.0.11.11', [inspector], false);

  await c.elb.send(
    new CreateClassicLoadBalancerCommand({
      LoadBalancerName: 'elb',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      Subnets: [publicA, publicB],
      SecurityGroups: [elb],
      Scheme: 'internet-facing',
    }),
  );
  await c.elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'elb', Instances: [{ InstanceId: web }] }));
  return vpcId;
}

/**
 * What the seed lacks, in a VPC of its own so the seed's findings stay the seed's: instance `app`
 * (no public IPv4, one IPv6 address) behind an ALB (HTTP 80) and an NLB (TCP 443), reachable from
 * a peered VPC on MySQL and over IPv6 on SSH.
 */
async function buildExtras(b: EstateBuilder, c: EstateClients): Promise<string> {
  const { vpcId, ipv6Cidr } = await b.vpc('extras', '10.1.0.0/16', true);
  const v6 = required(ipv6Cidr, 'IPv6 CIDR of the VPC');
  const igw = await b.internetGateway(vpcId);
  await addDefaultIpv6NaclEntries(c, vpcId);
  const a = await b.subnet(vpcId, 'extras-a', '10.1.1.0/24', 'us-east-1a', v6.replace(/::\/56$/, '::/64'));
  const bSubnet = await b.subnet(vpcId, 'extras-b', '10.1.2.0/24', 'us-east-1b');
  const { vpcId: peerVpc } = await b.vpc('peer', '10.2.0.0/16');
  const { VpcPeeringConnection } = await c.ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerVpc }));
  const pcx = required(VpcPeeringConnection?.VpcPeeringConnectionId, 'peering connection id');
  await c.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  await b.routeTable(vpcId, 'extras-public', [a, bSubnet], [{ cidr: '0.0.0.0/0', igw }, { cidr6: '::/0', igw }, { cidr: '10.2.0.0/16', pcx }]);

  const albGroup = await b.group(vpcId, 'alb');
  const app = await b.group(vpcId, 'app');
  await b.allow(albGroup, [tcp(80, { cidr: '0.0.0.0/0' })]);
  await b.allow(app, [tcp(3306, { cidr: '10.2.0.0/16' }), tcp(22, { cidr6: '::/0' }), tcp(80, { group: albGroup }), tcp(443, { cidr: '0.0.0.0/0' })]);
  const instance = await b.instance('app', a, '10.1.1.10', [app], false);
  const eni = await appInterface(c, instance);
  await c.ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eni, Ipv6AddressCount: 1 }));

  const alb = await loadBalancer(c, 'app-alb', 'application', [a, bSubnet], [albGroup]);
  const http = await targetGroup(c, 'app-http', 'HTTP', 80, vpcId, instance);
  await c.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: alb, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: http }] }));
  const nlb = await loadBalancer(c, 'app-nlb', 'network', [a, bSubnet], []);
  const tls = await targetGroup(c, 'app-tcp', 'TCP', 443, vpcId, instance);
  await c.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tls }] }));
  return vpcId;
}

/**
 * moto deviation: AWS gives the default network ACL of a VPC with an IPv6 block the IPv6 twins of
 * its allow-all entries (rule 101, ::/0, both directions); moto gives only the IPv4 ones, which
 * would deny every IPv6 packet. Add what AWS would have.
 */
async function addDefaultIpv6NaclEntries(c: EstateClients, vpcId: string): Promise<void> {
  const { NetworkAcls } = await c.ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }));
  const aclId = required(NetworkAcls?.[0]?.NetworkAclId, 'default network ACL id');
  for (const egress of [false, true]) {
    await c.ec2.send(
      new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: egress, Ipv6CidrBlock: '::/0' }),
    );
  }
}

async function appInterface(c: EstateClients, instanceId: string): Promise<string> {
  const answer = await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return required(answer.Reservations?.[0]?.Instances?.[0]?.NetworkInterfaces?.[0]?.NetworkInterfaceId, 'network interface id');
}

async function loadBalancer(c: EstateClients, name: string, type: 'application' | 'network', subnets: string[], groups: string[]): Promise<string> {
  const { LoadBalancers } = await c.elbv2.send(
    new CreateLoadBalancerCommand({ Name: name, Type: type, Scheme: 'internet-facing', Subnets: subnets, ...(groups.length > 0 ? { SecurityGroups: groups } : {}) }),
  );
  return required(LoadBalancers?.[0]?.LoadBalancerArn, 'load balancer ARN');
}

async function targetGroup(c: EstateClients, name: string, protocol: 'HTTP' | 'TCP', port: number, vpcId: string, instanceId: string): Promise<string> {
  const { TargetGroups } = await c.elbv2.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: port, VpcId: vpcId, TargetType: 'instance' }),
  );
  const arn = required(TargetGroups?.[0]?.TargetGroupArn, 'target group ARN');
  await c.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: instanceId }] }));
  return arn;
}

export async function buildSeedEstate(endpoint: string): Promise<BuiltEstate> {
  const clients = estateClients(endpoint);
  try {
    const builder = new EstateBuilder(clients);
    const seedVpc = await buildSeed(builder, clients);
    const extrasVpc = await buildExtras(builder, clients);
    return { instances: builder.instances, groups: builder.groups, seedVpc, extrasVpc };
  } finally {
    clients.ec2.destroy();
    clients.elb.destroy();
    clients.elbv2.destroy();
  }
}
