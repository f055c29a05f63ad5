// Folders as real tools write them: CloudMapper's account-data/, raw `aws … > x.json` output,
// per-parent ELBv2 calls, multi-account repeats; plus manifest.json and folder-level scopes.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { removeSnapshots, SUBNET, VPC, writeSnapshot } from './snapshot-fixtures.js';

after(removeSnapshots);

function get<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  assert.ok(value !== undefined, `missing ${String(key)}`);
  return value;
}

const ACCOUNT = '123456789012';

const cloudMapperInstances = {
  Reservations: [
    {
      Groups: [],
      OwnerId: ACCOUNT,
      ReservationId: 'r-0a1b2c3d4e5f67890',
      Instances: [
        {
          InstanceId: 'i-0aaaabbbbccccdddd',
          InstanceType: 't3.micro',
          State: { Code: 16, Name: 'running' },
          SubnetId: 'subnet-0123456789abcdef0',
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          PrivateIpAddress: '10.0.1.10',
          PublicIpAddress: '203.0.113.10',
          Placement: { AvailabilityZone: 'eu-west-2a', Tenancy: 'default' },
          SecurityGroups: [{ GroupId: 'sg-0fedcba9876543210', GroupName: 'web' }],
          Tags: [{ Key: 'Name', Value: 'web-1' }],
          NetworkInterfaces: [
            {
              NetworkInterfaceId: 'eni-0second000000000',
              SubnetId: 'subnet-0123456789abcdef0',
              VpcId: 'vpc-0a1b2c3d4e5f60718',
              Attachment: { AttachmentId: 'eni-attach-2', DeviceIndex: 1, Status: 'attached' },
              Groups: [{ GroupId: 'sg-0fedcba9876543210', GroupName: 'web' }],
              PrivateIpAddress: '10.0.1.11',
              PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.11' }],
              Ipv6Addresses: [],
              InterfaceType: 'interface',
              Description: 'second',
            },
            {
              NetworkInterfaceId: 'eni-0primary00000000',
              SubnetId: 'subnet-0123456789abcdef0',
              VpcId: 'vpc-0a1b2c3d4e5f60718',
              Attachment: { AttachmentId: 'eni-attach-1', DeviceIndex: 0, Status: 'attached' },
              Association: { IpOwnerId: 'amazon', PublicIp: '203.0.113.10' },
              Groups: [{ GroupId: 'sg-0fedcba9876543210', GroupName: 'web' }],
              PrivateIpAddress: '10.0.1.10',
              PrivateIpAddresses: [
                { Primary: true, PrivateIpAddress: '10.0.1.10', Association: { IpOwnerId: 'amazon', PublicIp: '203.0.113.10' } },
                { Primary: false, PrivateIpAddress: '10.0.1.20' },
              ],
              Ipv6Addresses: [{ Ipv6Address: '2600:1F18:ABCD:1200::10' }],
              InterfaceType: 'interface',
              Description: 'Primary network interface',
            },
          ],
        },
      ],
    },
  ],
};

const cloudMapperSecurityGroups = {
  SecurityGroups: [
    {
      GroupId: 'sg-0fedcba9876543210',
      GroupName: 'web',
      Description: 'web',
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          PrefixListIds: [{ PrefixListId: 'pl-0abc1234def567890' }],
          UserIdGroupPairs: [{ GroupId: 'sg-0aaaa1111bbbb2222', UserId: '210987654321', VpcId: 'vpc-0ffff', VpcPeeringConnectionId: 'pcx-1' }],
        },
        { IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.5/16' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
        { IpProtocol: 'udp', IpRanges: [{ CidrIp: '192.0.2.0/24' }] },
        { IpProtocol: '50', IpRanges: [{ CidrIp: '192.0.2.0/24' }] },
      ],
      IpPermissionsEgress: [],
    },
  ],
};

describe('CloudMapper layout', () => {
  test('account-data/<account>/<region>/ec2-describe-*.json loads with account and region', async () => {
    const dir = await writeSnapshot({
      [`account-data/${ACCOUNT}/describe-regions.json`]: { Regions: [{ RegionName: 'eu-west-2' }] },
      [`account-data/${ACCOUNT}/eu-west-2/ec2-describe-vpcs.json`]: { Vpcs: [{ ...VPC.Vpcs[0], OwnerId: undefined }] },
      [`account-data/${ACCOUNT}/eu-west-2/ec2-describe-subnets.json`]: SUBNET,
      [`account-data/${ACCOUNT}/eu-west-2/ec2-describe-instances.json`]: cloudMapperInstances,
      [`account-data/${ACCOUNT}/eu-west-2/ec2-describe-security-groups.json`]: cloudMapperSecurityGroups,
    });
    const { network, warnings, files } = await loadSnapshot(dir, { lenient: false });
    assert.equal(files, 5);
    assert.deepEqual(warnings, [`account-data/${ACCOUNT}/describe-regions.json: unknown top-level key 'Regions', skipped`]);

    const vpc = get(network.vpcs, 'vpc-0a1b2c3d4e5f60718');
    assert.deepEqual(vpc, {
      id: 'vpc-0a1b2c3d4e5f60718',
      ownerId: ACCOUNT,
      region: 'eu-west-2',
      cidrs: ['10.0.0.0/16', '10.1.0.0/16'],
      ipv6Cidrs: ['2600:1f18:abcd:1200::/56'],
    });

    const instance = get(network.instances, 'i-0aaaabbbbccccdddd');
    assert.deepEqual(instance, {
      id: 'i-0aaaabbbbccccdddd',
      state: 'running',
      name: 'web-1',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetId: 'subnet-0123456789abcdef0',
      networkInterfaceIds: ['eni-0primary00000000', 'eni-0second000000000'],
      ownerId: ACCOUNT,
      region: 'eu-west-2',
    });
    const primary = get(network.networkInterfaces, 'eni-0primary00000000');
    assert.deepEqual(primary, {
      id: 'eni-0primary00000000',
      subnetId: 'subnet-0123456789abcdef0',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      availabilityZone: 'eu-west-2a',
      primaryPrivateIp: '10.0.1.10',
      privateIps: ['10.0.1.10', '10.0.1.20'],
      publicIps: [{ publicIp: '203.0.113.10', privateIp: '10.0.1.10', allocationId: null }],
      ipv6Addresses: ['2600:1f18:abcd:1200::10'],
      ipv4Prefixes: [],
      ipv6Prefixes: [],
      groupIds: ['sg-0fedcba9876543210'],
      instanceId: 'i-0aaaabbbbccccdddd',
      interfaceType: 'interface',
      description: 'Primary network interface',
      requesterManaged: false,
    });

    const sg = get(network.securityGroups, 'sg-0fedcba9876543210');
    assert.equal(sg.ownerId, ACCOUNT);
    assert.deepEqual(sg.ingress, [
      { protocol: 6, ports: [443, 443], source: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'HTTPS', ruleId: null },
      { protocol: 6, ports: [443, 443], source: { kind: 'cidr', cidr: '::/0' }, description: null, ruleId: null },
      { protocol: 6, ports: [443, 443], source: { kind: 'prefixList', prefixListId: 'pl-0abc1234def567890' }, description: null, ruleId: null },
      {
        protocol: 6,
        ports: [443, 443],
        source: { kind: 'group', groupId: 'sg-0aaaa1111bbbb2222', userId: '210987654321', vpcId: 'vpc-0ffff' },
        description: null,
        ruleId: null,
      },
      // Host bits are cleared, as AWS stores the rule.
      { protocol: 'all', ports: null, source: { kind: 'cidr', cidr: '10.0.0.0/16' }, description: null, ruleId: null },
      { protocol: 17, ports: null, source: { kind: 'cidr', cidr: '192.0.2.0/24' }, description: null, ruleId: null },
      { protocol: 50, ports: null, source: { kind: 'cidr', cidr: '192.0.2.0/24' }, description: null, ruleId: null },
    ]);
  });
});

describe('raw aws CLI output', () => {
  test('describe-instances without embedded ENIs gets a synthesised primary ENI', async () => {
    const instances = {
      Reservations: [
        {
          OwnerId: ACCOUNT,
          Instances: [
            {
              InstanceId: 'i-0bare000000000000',
              State: { Code: 16, Name: 'running' },
              SubnetId: 'subnet-0123456789abcdef0',
              VpcId: 'vpc-0a1b2c3d4e5f60718',
              PrivateIpAddress: '10.0.1.30',
              PublicIpAddress: '198.51.100.30',
              Placement: { AvailabilityZone: 'eu-west-2a' },
              SecurityGroups: [{ GroupId: 'sg-0fedcba9876543210', GroupName: 'web' }],
            },
          ],
        },
      ],
    };
    const dir = await writeSnapshot({ 'vpcs.json': VPC, 'subnets.json': SUBNET, 'instances.json': instances });
    const { network } = await loadSnapshot(dir, { lenient: false });
    const instance = get(network.instances, 'i-0bare000000000000');
    assert.deepEqual(instance.networkInterfaceIds, ['i-0bare000000000000:primary']);
    assert.equal(instance.region, 'eu-west-2', 'region from the availability zone when no folder names it');
    assert.deepEqual(get(network.networkInterfaces, 'i-0bare000000000000:primary'), {
      id: 'i-0bare000000000000:primary',
      subnetId: 'subnet-0123456789abcdef0',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      availabilityZone: 'eu-west-2a',
      primaryPrivateIp: '10.0.1.30',
      privateIps: ['10.0.1.30'],
      publicIps: [{ publicIp: '198.51.100.30', privateIp: '10.0.1.30', allocationId: null }],
      ipv6Addresses: [],
      ipv4Prefixes: [],
      ipv6Prefixes: [],
      groupIds: ['sg-0fedcba9876543210'],
      instanceId: 'i-0bare000000000000',
      interfaceType: 'interface',
      description: '',
      requesterManaged: false,
    });
    assert.equal(get(network.vpcs, 'vpc-0a1b2c3d4e5f60718').region, 'eu-west-2');
  });

  test('standalone ENI records are preferred, merged with embedded ones, and EIPs attach', async () => {
    const standalone = {
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0primary00000000',
          SubnetId: 'subnet-0123456789abcdef0',
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          AvailabilityZone: 'eu-west-2a',
          Attachment: { InstanceId: 'i-0aaaabbbbccccdddd', DeviceIndex: 0, Status: 'attached' },
          Groups: [{ GroupId: 'sg-0fedcba9876543210' }],
          PrivateIpAddress: '10.0.1.10',
          PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.10' }, { Primary: false, PrivateIpAddress: '10.0.1.20' }],
          InterfaceType: 'interface',
          Description: 'from describe-network-interfaces',
          RequesterManaged: false,
        },
      ],
    };
    const addresses = {
      Addresses: [
        {
          AllocationId: 'eipalloc-0123',
          AssociationId: 'eipassoc-0123',
          Domain: 'vpc',
          NetworkInterfaceId: 'eni-0primary00000000',
          PrivateIpAddress: '10.0.1.20',
          PublicIp: '198.51.100.20',
        },
        { AllocationId: 'eipalloc-unused', Domain: 'vpc', PublicIp: '198.51.100.99' },
      ],
    };
    const dir = await writeSnapshot({
      'ec2/instances.json': cloudMapperInstances,
      'ec2/network-interfaces.json': standalone,
      'ec2/addresses.json': addresses,
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    const eni = get(network.networkInterfaces, 'eni-0primary00000000');
    assert.equal(eni.description, 'from describe-network-interfaces');
    assert.deepEqual(eni.publicIps, [
      { publicIp: '203.0.113.10', privateIp: '10.0.1.10', allocationId: null },
      { publicIp: '198.51.100.20', privateIp: '10.0.1.20', allocationId: 'eipalloc-0123' },
    ]);
    assert.deepEqual(eni.ipv6Addresses, ['2600:1f18:abcd:1200::10']);
    assert.deepEqual(get(network.instances, 'i-0aaaabbbbccccdddd').networkInterfaceIds, ['eni-0primary00000000', 'eni-0second000000000']);
  });

  test('per-parent ELBv2 calls: listeners and rules grouped by the ARNs inside', async () => {
    const lbArn = `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
    const otherArn = `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/app/unlisted/1111111111111111`;
    const listenerArn = `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
    const tg = (name: string): string => `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:targetgroup/${name}/73e2d6bc24d8a067`;
    const dir = await writeSnapshot({
      'elbv2/load-balancers.json': {
        LoadBalancers: [
          {
            LoadBalancerArn: lbArn,
            LoadBalancerName: 'web',
            Type: 'application',
            Scheme: 'internet-facing',
            VpcId: 'vpc-0a1b2c3d4e5f60718',
            AvailabilityZones: [{ ZoneName: 'eu-west-2a', SubnetId: 'subnet-0123456789abcdef0' }],
            SecurityGroups: ['sg-0fedcba9876543210'],
            DNSName: 'web-1.eu-west-2.elb.amazonaws.com',
            State: { Code: 'active' },
          },
          { LoadBalancerArn: otherArn, LoadBalancerName: 'unlisted', Type: 'network', Scheme: 'internal', AvailabilityZones: [] },
        ],
      },
      'elbv2/listeners-web.json': {
        Listeners: [
          {
            ListenerArn: listenerArn,
            LoadBalancerArn: lbArn,
            Port: 443,
            Protocol: 'HTTPS',
            DefaultActions: [{ Type: 'forward', TargetGroupArn: tg('blue') }],
          },
          {
            ListenerArn: `${listenerArn}0`,
            LoadBalancerArn: lbArn,
            Port: 80,
            Protocol: 'HTTP',
            DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
          },
        ],
      },
      'elbv2/rules-web-443.json': {
        Rules: [
          {
            RuleArn: `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
            Priority: '10',
            Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
            Actions: [
              {
                Type: 'forward',
                ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg('green'), Weight: 1 }, { TargetGroupArn: tg('blue'), Weight: 1 }] },
              },
            ],
            IsDefault: false,
          },
          { RuleArn: `${listenerArn.replace(':listener/', ':listener-rule/')}/default`, Priority: 'default', Actions: [{ Type: 'forward', TargetGroupArn: tg('blue') }] },
        ],
      },
      'elbv2/target-groups.json': {
        TargetGroups: [
          { TargetGroupArn: tg('blue'), TargetGroupName: 'blue', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0a1b2c3d4e5f60718', TargetType: 'ip', LoadBalancerArns: [lbArn] },
          { TargetGroupArn: tg('green'), TargetGroupName: 'green', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0a1b2c3d4e5f60718', TargetType: 'instance', LoadBalancerArns: [lbArn] },
        ],
      },
      'elbv2/target-health-blue.json': {
        TargetGroupArn: tg('blue'),
        TargetHealthDescriptions: [
          { Target: { Id: '10.0.1.10', Port: 8443, AvailabilityZone: 'eu-west-2a' }, HealthCheckPort: '8443', TargetHealth: { State: 'healthy' } },
        ],
      },
      'elbv2/target-group-attributes-blue.json': {
        TargetGroupArn: tg('blue'),
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
          { Key: 'preserve_client_ip.enabled', Value: 'false' },
        ],
      },
    });
    const { network, warnings } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(warnings, []);
    const lb = get(network.loadBalancers, lbArn);
    assert.deepEqual([lb.kind, lb.scheme, lb.securityGroupIds, lb.subnetIds, lb.crossZone], [
      'application',
      'internet-facing',
      ['sg-0fedcba9876543210'],
      ['subnet-0123456789abcdef0'],
      null,
    ]);
    assert.deepEqual(lb.listeners, [
      { port: 80, protocol: 'HTTP', instancePort: null, targetGroupArns: [], listenerArn: `${listenerArn}0` },
      { port: 443, protocol: 'HTTPS', instancePort: null, targetGroupArns: [tg('blue'), tg('green')], listenerArn },
    ]);
    assert.equal(get(network.loadBalancers, otherArn).listeners, null, 'no listener data at all: unknown, not none');
    const blue = get(network.targetGroups, tg('blue'));
    assert.deepEqual([blue.targets, blue.preserveClientIp], [[{ id: '10.0.1.10', port: 8443, availabilityZone: 'eu-west-2a' }], false]);
    const green = get(network.targetGroups, tg('green'));
    assert.deepEqual([green.targets, green.preserveClientIp], [null, null]);
    for (const kind of ['LoadBalancers', 'Listeners', 'Rules', 'TargetGroups', 'TargetHealthDescriptions', 'Attributes']) {
      assert.ok(network.kindsPresent.has(kind), kind);
    }
  });

  test('classic ELB describe-load-balancers', async () => {
    const dir = await writeSnapshot({
      'elb.json': {
        LoadBalancerDescriptions: [
          {
            LoadBalancerName: 'legacy-web',
            DNSName: 'legacy-web-1.eu-west-2.elb.amazonaws.com',
            Scheme: 'internet-facing',
            VPCId: 'vpc-0a1b2c3d4e5f60718',
            Subnets: ['subnet-0123456789abcdef0'],
            SecurityGroups: ['sg-0fedcba9876543210'],
            ListenerDescriptions: [
              { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }, PolicyNames: [] },
              { Listener: { Protocol: 'TCP', LoadBalancerPort: 22, InstanceProtocol: 'TCP', InstancePort: 22 }, PolicyNames: [] },
            ],
            Instances: [{ InstanceId: 'i-0aaaabbbbccccdddd' }],
            AvailabilityZones: ['eu-west-2a'],
          },
        ],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(get(network.loadBalancers, 'legacy-web'), {
      id: 'legacy-web',
      name: 'legacy-web',
      kind: 'classic',
      scheme: 'internet-facing',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0123456789abcdef0'],
      securityGroupIds: ['sg-0fedcba9876543210'],
      listeners: [
        { port: 22, protocol: 'TCP', instancePort: 22, targetGroupArns: [], listenerArn: null },
        { port: 80, protocol: 'HTTP', instancePort: 8080, targetGroupArns: [], listenerArn: null },
      ],
      instanceIds: ['i-0aaaabbbbccccdddd'],
      dnsName: 'legacy-web-1.eu-west-2.elb.amazonaws.com',
      crossZone: null,
      ipAddressType: null,
    });
  });

  test('prefix lists: entries from get-managed-prefix-list-entries; lists without entries are a coverage gap', async () => {
    const dir = await writeSnapshot({
      'prefix-lists.json': {
        PrefixLists: [
          { PrefixListId: 'pl-0abc1234def567890', PrefixListName: 'office', AddressFamily: 'IPv4', State: 'create-complete', MaxEntries: 5 },
          { PrefixListId: 'pl-0fff0000eeee11112', PrefixListName: 'partners', AddressFamily: 'IPv4', State: 'create-complete', MaxEntries: 5 },
        ],
      },
      'prefix-list-entries-office.json': {
        PrefixListId: 'pl-0abc1234def567890',
        Entries: [{ Cidr: '198.51.100.0/24', Description: 'HQ' }, { Cidr: '203.0.113.0/25' }],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(get(network.prefixLists, 'pl-0abc1234def567890'), { id: 'pl-0abc1234def567890', name: 'office', cidrs: ['198.51.100.0/24', '203.0.113.0/25'] });
    assert.deepEqual(get(network.prefixLists, 'pl-0fff0000eeee11112').cidrs, null);
    assert.deepEqual(network.coverage, [
      { resourceType: 'AWS::EC2::PrefixList', resourceId: 'pl-0fff0000eeee11112', reason: 'prefix list entries not collected', file: 'prefix-lists.json' },
    ]);
    assert.ok(network.kindsPresent.has('Entries'));
  });

  test('transit gateway: search-transit-gateway-routes files; tables no file mentions have routes null', async () => {
    const dir = await writeSnapshot({
      'tgw.json': {
        TransitGateways: [
          { TransitGatewayId: 'tgw-0123', OwnerId: ACCOUNT, State: 'available', Options: { AssociationDefaultRouteTableId: 'tgw-rtb-a', PropagationDefaultRouteTableId: 'tgw-rtb-a' } },
        ],
      },
      'tgw-route-tables.json': {
        TransitGatewayRouteTables: [
          { TransitGatewayRouteTableId: 'tgw-rtb-a', TransitGatewayId: 'tgw-0123', DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true },
          { TransitGatewayRouteTableId: 'tgw-rtb-b', TransitGatewayId: 'tgw-0123', DefaultAssociationRouteTable: false, DefaultPropagationRouteTable: false },
        ],
      },
      'tgw-routes-a.json': {
        TransitGatewayRouteTableId: 'tgw-rtb-a',
        Routes: [
          {
            DestinationCidrBlock: '10.0.0.0/16',
            TransitGatewayAttachments: [{ ResourceId: 'vpc-0a1b2c3d4e5f60718', TransitGatewayAttachmentId: 'tgw-attach-1', ResourceType: 'vpc' }],
            Type: 'propagated',
            State: 'active',
          },
          { DestinationCidrBlock: '172.16.0.0/12', Type: 'static', State: 'blackhole' },
          { DestinationCidrBlock: '192.168.0.0/16', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-2' }], Type: 'static', State: 'deleted' },
        ],
        AdditionalRoutesAvailable: false,
      },
      'tgw-attachments.json': {
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayId: 'tgw-0123',
            ResourceType: 'vpc',
            ResourceId: 'vpc-0a1b2c3d4e5f60718',
            State: 'available',
            Association: { TransitGatewayRouteTableId: 'tgw-rtb-a', State: 'associated' },
          },
        ],
      },
      'tgw-vpc-attachments.json': {
        TransitGatewayVpcAttachments: [
          { TransitGatewayAttachmentId: 'tgw-attach-1', TransitGatewayId: 'tgw-0123', VpcId: 'vpc-0a1b2c3d4e5f60718', SubnetIds: ['subnet-0123456789abcdef0'], State: 'available' },
          { TransitGatewayAttachmentId: 'tgw-attach-3', TransitGatewayId: 'tgw-0123', VpcId: 'vpc-0other', SubnetIds: ['subnet-b', 'subnet-a'], State: 'available' },
        ],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(get(network.transitGatewayRouteTables, 'tgw-rtb-a').routes, [
      // The attachment's kind, from its record, orders propagated routes of one prefix.
      { cidr: '10.0.0.0/16', attachmentIds: ['tgw-attach-1'], blackhole: false, type: 'propagated', resourceType: 'vpc' },
      { cidr: '172.16.0.0/12', attachmentIds: [], blackhole: true, type: 'static' },
    ]);
    assert.equal(get(network.transitGatewayRouteTables, 'tgw-rtb-b').routes, null);
    assert.deepEqual(get(network.transitGatewayAttachments, 'tgw-attach-1').subnetIds, ['subnet-0123456789abcdef0']);
    assert.deepEqual(get(network.transitGatewayAttachments, 'tgw-attach-3'), {
      id: 'tgw-attach-3',
      transitGatewayId: 'tgw-0123',
      resourceType: 'vpc',
      resourceId: 'vpc-0other',
      state: 'available',
      subnetIds: ['subnet-a', 'subnet-b'],
      associatedRouteTableId: null,
      // describe-transit-gateway-vpc-attachments does not say whether it is associated.
      associationUnknown: true,
    });
  });

  test('direct connect, VPN and gateways', async () => {
    const dir = await writeSnapshot({
      'dx-vifs.json': {
        virtualInterfaces: [
          { virtualInterfaceId: 'dxvif-ffabc123', virtualInterfaceState: 'available', virtualGatewayId: 'vgw-0123', directConnectGatewayId: '' },
        ],
      },
      'dx-gateways.json': { directConnectGateways: [{ directConnectGatewayId: 'dxgw-1', directConnectGatewayState: 'available' }] },
      'dx-associations.json': {
        directConnectGatewayAssociations: [
          { directConnectGatewayId: 'dxgw-1', associationState: 'associated', associatedGateway: { id: 'vgw-0456', type: 'virtualPrivateGateway' } },
        ],
      },
      'vgw.json': {
        VpnGateways: [
          {
            VpnGatewayId: 'vgw-0123',
            State: 'available',
            VpcAttachments: [
              { VpcId: 'vpc-0a1b2c3d4e5f60718', State: 'attached' },
              { VpcId: 'vpc-0old', State: 'detached' },
            ],
          },
        ],
      },
      'igw.json': {
        InternetGateways: [{ InternetGatewayId: 'igw-0123', Attachments: [{ VpcId: 'vpc-0a1b2c3d4e5f60718', State: 'available' }] }],
      },
      'eigw.json': {
        EgressOnlyInternetGateways: [{ EgressOnlyInternetGatewayId: 'eigw-0123', Attachments: [{ VpcId: 'vpc-0a1b2c3d4e5f60718', State: 'attached' }] }],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(get(network.dxVirtualInterfaces, 'dxvif-ffabc123'), {
      id: 'dxvif-ffabc123',
      state: 'available',
      virtualGatewayId: 'vgw-0123',
      directConnectGatewayId: null,
    });
    assert.deepEqual(network.dxGatewayAssociations, [{ directConnectGatewayId: 'dxgw-1', associatedGatewayId: 'vgw-0456', state: 'associated', allowedPrefixes: null }]);
    assert.deepEqual(get(network.vpnGateways, 'vgw-0123').vpcIds, ['vpc-0a1b2c3d4e5f60718']);
    assert.deepEqual(get(network.internetGateways, 'igw-0123').vpcIds, ['vpc-0a1b2c3d4e5f60718']);
    assert.deepEqual(get(network.egressOnlyInternetGateways, 'eigw-0123').vpcIds, ['vpc-0a1b2c3d4e5f60718']);
    assert.deepEqual([...network.kindsPresent], [
      'EgressOnlyInternetGateways',
      'InternetGateways',
      'VpnGateways',
      'directConnectGatewayAssociations',
      'directConnectGateways',
      'virtualInterfaces',
    ]);
  });

  test('route targets: instance routes name the ENI, other gateways keep their ids', async () => {
    const dir = await writeSnapshot({
      'rtb.json': {
        RouteTables: [
          {
            RouteTableId: 'rtb-0123',
            VpcId: 'vpc-0a1b2c3d4e5f60718',
            Associations: [
              { Main: false, SubnetId: 'subnet-0123456789abcdef0', AssociationState: { State: 'associated' } },
              { Main: false, SubnetId: 'subnet-0gone', AssociationState: { State: 'disassociated' } },
            ],
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
              { DestinationIpv6CidrBlock: '2600:1f18:abcd:1200::/56', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
              { DestinationCidrBlock: '10.50.0.0/16', InstanceId: 'i-0aaaabbbbccccdddd', InstanceOwnerId: ACCOUNT, NetworkInterfaceId: 'eni-0primary00000000', Origin: 'CreateRoute', State: 'active' },
              { DestinationCidrBlock: '10.60.0.0/16', InstanceId: 'i-0aaaabbbbccccdddd', Origin: 'CreateRoute', State: 'active' },
              { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0123', Origin: 'CreateRoute', State: 'active' },
              { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123', Origin: 'CreateRoute', State: 'active' },
              { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'vgw-0123', Origin: 'EnableVgwRoutePropagation', State: 'active' },
              { DestinationCidrBlock: '172.31.0.0/16', TransitGatewayId: 'tgw-0123', Origin: 'CreateRoute', State: 'blackhole' },
              { DestinationCidrBlock: '100.64.0.0/10', CarrierGatewayId: 'cagw-0123', Origin: 'CreateRoute', State: 'active' },
            ],
          },
        ],
      },
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    const table = get(network.routeTables, 'rtb-0123');
    assert.deepEqual([table.main, table.subnetIds], [false, ['subnet-0123456789abcdef0']]);
    assert.deepEqual(
      table.routes.map((r) => [r.destination.kind === 'cidr' ? r.destination.cidr : r.destination.prefixListId, r.target.kind, r.target.id, r.origin, r.blackhole]),
      [
        ['10.0.0.0/16', 'local', 'local', 'local', false],
        ['2600:1f18:abcd:1200::/56', 'local', 'local', 'local', false],
        ['10.50.0.0/16', 'eni', 'eni-0primary00000000', 'static', false],
        ['10.60.0.0/16', 'instance', 'i-0aaaabbbbccccdddd', 'static', false],
        ['::/0', 'eigw', 'eigw-0123', 'static', false],
        ['0.0.0.0/0', 'nat', 'nat-0123', 'static', false],
        ['192.168.0.0/16', 'vgw', 'vgw-0123', 'propagated', false],
        ['172.31.0.0/16', 'tgw', 'tgw-0123', 'static', true],
        ['100.64.0.0/10', 'other', 'cagw-0123', 'static', false],
      ],
    );
  });
});

describe('folders and files', () => {
  test('manifest.json at the root sets collectedAt; elsewhere it is just a file', async () => {
    const dir = await writeSnapshot({
      'manifest.json': { collectedAt: '2024-05-01T12:00:00Z', tool: 'netreach collect', accounts: [ACCOUNT] },
      'us-east-1/Vpcs.json': VPC,
    });
    const { network, warnings } = await loadSnapshot(dir, { lenient: false });
    assert.equal(network.collectedAt, '2024-05-01T12:00:00Z');
    assert.deepEqual(warnings, []);
    const nested = await writeSnapshot({ 'sub/manifest.json': { collectedAt: '2024-05-01T12:00:00Z' }, 'Vpcs.json': VPC });
    const loaded = await loadSnapshot(nested, { lenient: false });
    assert.equal(loaded.network.collectedAt, null);
    assert.deepEqual(loaded.warnings, ["sub/manifest.json: unknown top-level key 'collectedAt', skipped"]);
  });

  test('region and account folder names: gov, china and new regions; the nearest level wins', async () => {
    const vpc = (id: string): unknown => ({ Vpcs: [{ VpcId: id, CidrBlock: '10.0.0.0/16' }] });
    const dir = await writeSnapshot({
      '111111111111/us-gov-west-1/a.json': vpc('vpc-gov'),
      '111111111111/cn-north-1/b.json': vpc('vpc-cn'),
      '111111111111/ap-southeast-4/222222222222/c.json': vpc('vpc-mel'),
      'not-a-region-1/d.json': vpc('vpc-none'),
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    const scope = (id: string): [string | null, string | null] => {
      const v = get(network.vpcs, id);
      return [v.ownerId, v.region];
    };
    assert.deepEqual(scope('vpc-gov'), ['111111111111', 'us-gov-west-1']);
    assert.deepEqual(scope('vpc-cn'), ['111111111111', 'cn-north-1']);
    assert.deepEqual(scope('vpc-mel'), ['222222222222', 'ap-southeast-4']);
    assert.deepEqual(scope('vpc-none'), [null, null]);
  });

  test('a VPC described in two files is one record', async () => {
    const dir = await writeSnapshot({
      'a/Vpcs.json': { Vpcs: [{ VpcId: 'vpc-0a1b2c3d4e5f60718', CidrBlock: '10.0.0.0/16' }] },
      'b/Vpcs.json': VPC,
    });
    const { network } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual(get(network.vpcs, 'vpc-0a1b2c3d4e5f60718'), {
      id: 'vpc-0a1b2c3d4e5f60718',
      ownerId: '111122223333',
      region: null,
      cidrs: ['10.0.0.0/16', '10.1.0.0/16'],
      ipv6Cidrs: ['2600:1f18:abcd:1200::/56'],
    });
  });

  test('symlinks are followed inside the folder, not outside it', async () => {
    const outside = await writeSnapshot({ 'secret.json': { Vpcs: [{ VpcId: 'vpc-outside', CidrBlock: '10.9.0.0/16' }] } });
    const dir = await writeSnapshot({ 'real/Vpcs.json': VPC });
    await symlink(path.join(outside, 'secret.json'), path.join(dir, 'outside.json'));
    await symlink(path.join(dir, 'real'), path.join(dir, 'alias'));
    await mkdir(path.join(dir, 'loop'));
    await symlink(dir, path.join(dir, 'loop', 'root'));
    await writeFile(path.join(dir, 'notes.txt'), 'not json');
    const { network, warnings, files } = await loadSnapshot(dir, { lenient: false });
    assert.deepEqual([...network.vpcs.keys()], ['vpc-0a1b2c3d4e5f60718']);
    assert.equal(files, 1);
    assert.deepEqual(warnings, [
      'alias: symbolic link to a folder read already (a loop or an alias), skipped',
      'loop/root: symbolic link to a folder read already (a loop or an alias), skipped',
      'outside.json: symbolic link to outside the snapshot folder, not followed',
    ]);
  });
});
