import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet } from '../../src/net/index.js';
import { buildFindings } from '../../src/findings/build.js';
import { sourcesPhrase } from '../../src/findings/wording.js';
import { atLeast, SEVERITIES } from '../../src/findings/severity.js';
import { findingJson } from '../../src/report/json.js';
import type { Finding } from '../../src/findings/finding.js';
import type { ListenerData } from '../../src/model/types.js';
import type { Reachability } from '../../src/engine/types.js';
import {
  INTERNET_V4,
  INTERNET_V6,
  admission,
  cell,
  engineResult,
  listener,
  listenerData,
  openToTheWorld,
  reachability,
} from './fixtures.js';

const NO_LISTENERS: ReadonlyMap<string, ListenerData> = new Map();

function build(reachabilities: Reachability[], listeners: ReadonlyMap<string, ListenerData> = NO_LISTENERS): Finding[] {
  return buildFindings(engineResult(...reachabilities), listeners);
}

function perPort(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleType !== 'NetworkExposure');
}

function find(findings: Finding[], protocol: string, port: number): Finding {
  const found = findings.find((f) => f.protocol === protocol && f.port === port);
  assert.ok(found, `no finding for ${protocol} ${port}`);
  return found;
}

test('tcp 0-65535 open to the internet gives one finding per recognized TCP port, without agent data', () => {
  const findings = build([openToTheWorld()]);
  const ports = perPort(findings);
  assert.equal(ports.length, 44);
  assert.ok(ports.every((f) => f.ruleType === 'RecognizedPortNoAgent' && f.protocol === 'tcp'));
  const ssh = find(findings, 'tcp', 22);
  assert.equal(ssh.title, "On instance i-0web, TCP port 22 which is associated with 'SSH' is reachable from the internet");
  assert.equal(ssh.severity, 'Medium');
  assert.equal(ssh.numericSeverity, 6);
  assert.equal(ssh.portGroupName, 'SSH');
  assert.deepEqual(ssh.securityGroupIds, ['sg-0web']);
  assert.deepEqual(ssh.sources, ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/3', '160.0.0.0/5', '168.0.0.0/6', '172.0.0.0/12', '172.32.0.0/11', '172.64.0.0/10', '172.128.0.0/9', '173.0.0.0/8', '174.0.0.0/7', '176.0.0.0/4', '192.0.0.0/9', '192.128.0.0/11', '192.160.0.0/13', '192.169.0.0/16', '192.170.0.0/15', '192.172.0.0/14', '192.176.0.0/12', '192.192.0.0/10', '193.0.0.0/8', '194.0.0.0/7', '196.0.0.0/6', '200.0.0.0/5', '208.0.0.0/4', '224.0.0.0/3']);
  assert.equal(ssh.listener, null);
  assert.equal(ssh.tcpPorts, null);
  assert.equal(find(findings, 'tcp', 3389).severity, 'High');
  assert.equal(find(findings, 'tcp', 443).severity, 'Informational');
  assert.equal(find(findings, 'tcp', 111).portGroupName, 'NFS');
});

test('findings are sorted by severity first, then the other keys', () => {
  const findings = build([openToTheWorld()]);
  const numeric = findings.map((f) => f.numericSeverity);
  assert.deepEqual(numeric, [...numeric].sort((a, b) => b - a));
  const high = findings.filter((f) => f.severity === 'High').map((f) => f.port);
  assert.deepEqual(high, [...high].sort((a, b) => (a ?? 0) - (b ?? 0)));
});

test('a narrow cell yields only the recognized ports inside it, udp included', () => {
  const rule = 'inbound udp ports 130-140 from 0.0.0.0/0';
  const r = reachability({ cells: [cell('udp', [130, 140], INTERNET_V4, [admission('sg-0web', INTERNET_V4, rule)])] });
  const ports = perPort(build([r])).map((f) => `${f.protocol}/${f.port}/${f.portGroupName}`);
  assert.deepEqual(ports.sort(), ['udp/135/RPC', 'udp/137/NetBIOS', 'udp/138/NetBIOS']);
});

test('peered VPC, VGW and transit gateway sources lower the severity one level and change the wording', () => {
  const peer = AddressSet.fromCidr('10.1.0.0/16');
  const rule = 'inbound tcp port 3389 from 10.1.0.0/16';
  const cases: Array<[Reachability['reachabilityType'], Reachability['via'], string]> = [
    ['PeeredVpc', { type: 'PCX', id: 'pcx-0peer' }, 'a peered VPC'],
    ['VGW', { type: 'VGW', id: 'vgw-0onprem' }, 'a virtual private gateway'],
    ['TransitGateway', { type: 'TGW', id: 'tgw-0hub' }, 'a transit gateway'],
  ];
  for (const [reachabilityType, via, phrase] of cases) {
    const r = reachability({
      reachabilityType,
      via,
      cells: [cell('tcp', [3389, 3389], peer, [admission('sg-0web', peer, rule)])],
    });
    const [rdp] = perPort(build([r]));
    assert.equal(rdp.severity, 'Medium', reachabilityType);
    assert.equal(rdp.title, `On instance i-0web, TCP port 3389 which is associated with 'RDP' is reachable from ${phrase}`);
    assert.deepEqual(rdp.sources, ['10.1.0.0/16']);
  }
});

test('a load-balancer path keeps the client reachability type and names the listener', () => {
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
  const nodes = AddressSet.fromCidrs(4, ['10.0.1.100/32', '10.0.2.100/32']);
  const r = reachability({
    via: { type: 'ALB', id: arn, listenerPort: 443 },
    cells: [
      cell('tcp', [80, 80], nodes, [admission('sg-0web', nodes, 'inbound tcp port 80 from group sg-0alb')], [
        { componentType: 'AWS::EC2::InternetGateway', componentId: 'igw-0a1b' },
        { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0alb', rule: 'inbound tcp port 443 from 0.0.0.0/0' },
        { componentType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', componentId: arn },
        { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0web', rule: 'inbound tcp port 80 from group sg-0alb' },
        { componentType: 'AWS::EC2::NetworkInterface', componentId: 'eni-0web' },
      ]),
    ],
  });
  const [http] = perPort(build([r]));
  assert.equal(http.reachabilityType, 'Internet');
  assert.equal(
    http.title,
    `On instance i-0web, TCP port 80 which is associated with 'HTTP' is reachable from the internet through load balancer ${arn} (listener 443)`,
  );
  assert.equal(http.attributes.ELB2, arn);
  assert.equal(http.attributes.IGW, 'igw-0a1b');
  assert.match(http.recommendation, /sg-0alb's "inbound tcp port 443 from 0\.0\.0\.0\/0"/);
});

test('listener matching: 0.0.0.0 counts for IPv4, :: for both, a specific address only when delivered to, loopback never', () => {
  const v4 = openToTheWorld();
  const v6 = openToTheWorld({
    ipVersion: 6,
    destinationAddresses: ['2600:1f18:1:100::10'],
    cells: [cell('tcp', [0, 65535], INTERNET_V6, [admission('sg-0web', INTERNET_V6, 'inbound tcp all ports from ::/0')])],
  });
  const data = listenerData(
    'i-0web',
    listener('tcp', 22, '0.0.0.0', 'sshd'),
    listener('tcp', 80, '::', 'nginx'),
    listener('tcp', 3306, '127.0.0.1', 'mysqld'),
    listener('tcp', 5432, '::1', 'postgres'),
    listener('tcp', 443, '10.0.1.10', 'haproxy'),
    listener('tcp', 9200, '10.0.1.99', 'java'),
    listener('tcp', 21, '2600:1f18:1:100:0:0:0:10', 'vsftpd'),
    { ...listener('tcp', 3389, '::', 'xrdp'), ipv6Only: true },
  );
  const listeners = new Map([['i-0web', data]]);
  const findings = build([v4, v6], listeners);
  const ruleOf = (ipVersion: number, port: number) =>
    findings.find((f) => f.ipVersion === ipVersion && f.port === port && f.protocol === 'tcp')?.ruleType;
  assert.equal(ruleOf(4, 22), 'RecognizedPortWithListener');
  assert.equal(ruleOf(6, 22), 'RecognizedPortNoListener');
  assert.equal(ruleOf(4, 80), 'RecognizedPortWithListener');
  assert.equal(ruleOf(6, 80), 'RecognizedPortWithListener');
  assert.equal(ruleOf(4, 3306), 'RecognizedPortNoListener');
  assert.equal(ruleOf(4, 5432), 'RecognizedPortNoListener');
  assert.equal(ruleOf(6, 5432), 'RecognizedPortNoListener');
  assert.equal(ruleOf(4, 443), 'RecognizedPortWithListener');
  assert.equal(ruleOf(6, 443), 'RecognizedPortNoListener');
  assert.equal(ruleOf(4, 9200), 'RecognizedPortNoListener');
  assert.equal(ruleOf(6, 21), 'RecognizedPortWithListener');
  assert.equal(ruleOf(4, 21), 'RecognizedPortNoListener');
  // A `::` socket that is IPV6_V6ONLY takes IPv6 only.
  assert.equal(ruleOf(6, 3389), 'RecognizedPortWithListener');
  assert.equal(ruleOf(4, 3389), 'RecognizedPortNoListener');

  const ssh = findings.find((f) => f.ipVersion === 4 && f.port === 22)!;
  assert.deepEqual(ssh.listener, listener('tcp', 22, '0.0.0.0', 'sshd'));
  assert.equal(ssh.severity, 'Medium');
  assert.match(ssh.description, /Process 'sshd' \(pid 122, \/usr\/sbin\/sshd\) listens on 0\.0\.0\.0:22\./);
  assert.equal(ssh.attributes.PROCESS_NAME, 'sshd');
  assert.equal(ssh.attributes.PROCESS_PID, '122');
  assert.equal(ssh.attributes.PROCESS_PATH, '/usr/sbin/sshd');
  const ftp6 = findings.find((f) => f.ipVersion === 6 && f.port === 21)!;
  assert.match(ftp6.title, /over IPv6 and has a listener 'vsftpd'$/);
});

test('NoListener is Informational whatever the service; NoAgent keeps the service severity', () => {
  const withData = build([openToTheWorld()], new Map([['i-0web', listenerData('i-0web')]]));
  const telnet = find(withData, 'tcp', 23);
  assert.equal(telnet.ruleType, 'RecognizedPortNoListener');
  assert.equal(telnet.severity, 'Informational');
  assert.equal(telnet.numericSeverity, 0);
  assert.equal(telnet.title, "On instance i-0web, TCP port 23 which is associated with 'Telnet' is reachable from the internet but has no listener");
  const withoutData = build([openToTheWorld()], new Map([['i-0other', listenerData('i-0other')]]));
  assert.equal(find(withoutData, 'tcp', 23).ruleType, 'RecognizedPortNoAgent');
  assert.equal(find(withoutData, 'tcp', 23).severity, 'High');
});

test('an unrecognized port with a counting listener is Low from the internet, Informational otherwise', () => {
  const data = listenerData(
    'i-0web',
    listener('tcp', 110, '0.0.0.0', 'dovecot'),
    listener('tcp', 110, '::', 'dovecot'),
    listener('tcp', 8080, '127.0.0.1', 'java'),
    listener('udp', 5353, '0.0.0.0', 'avahi'),
  );
  const listeners = new Map([['i-0web', data]]);
  const internet = build([openToTheWorld()], listeners).filter((f) => f.ruleType === 'UnrecognizedPortWithListener');
  assert.equal(internet.length, 1, 'one finding per port, none for loopback or an unreachable udp port');
  assert.equal(internet[0].port, 110);
  assert.equal(internet[0].severity, 'Low');
  assert.equal(internet[0].portGroupName, null);
  assert.equal(internet[0].title, "On instance i-0web, TCP port 110 is reachable from the internet and has a listener 'dovecot'");
  assert.equal(internet[0].listener?.address, '0.0.0.0', 'the v4 wildcard is preferred to :: deterministically');
  assert.equal(internet[0].attributes.PORT_GROUP_NAME, undefined);

  const peer = AddressSet.fromCidr('10.1.0.0/16');
  const peered = openToTheWorld({
    reachabilityType: 'PeeredVpc',
    via: { type: 'PCX', id: 'pcx-0peer' },
    cells: [cell('tcp', [100, 200], peer, [admission('sg-0web', peer, 'inbound tcp ports 100-200 from 10.1.0.0/16')])],
  });
  const fromPeer = build([peered], listeners).filter((f) => f.ruleType === 'UnrecognizedPortWithListener');
  assert.equal(fromPeer.length, 1);
  assert.equal(fromPeer[0].severity, 'Informational');
});

test('NetworkExposure: one per group, adjacent ranges merged, sources united, path-independent of other groups', () => {
  const office = AddressSet.fromCidr('198.51.100.0/24');
  const both = INTERNET_V4;
  const r = reachability({
    cells: [
      cell('tcp', [22, 22], office, [admission('sg-0admin', office, 'inbound tcp port 22 from 198.51.100.0/24')]),
      cell('tcp', [80, 80], both, [
        admission('sg-0admin', office, 'inbound tcp ports 80-81 from 198.51.100.0/24'),
        admission('sg-0web', both, 'inbound tcp port 80 from 0.0.0.0/0'),
      ]),
      cell('tcp', [81, 81], office, [admission('sg-0admin', office, 'inbound tcp ports 80-81 from 198.51.100.0/24')]),
      cell('tcp', [443, 443], both, [admission('sg-0web', both, 'inbound tcp port 443 from 0.0.0.0/0')]),
      cell('udp', [53, 53], office, [admission('sg-0admin', office, 'inbound udp port 53 from 198.51.100.0/24')]),
    ],
  });
  const exposures = build([r]).filter((f) => f.ruleType === 'NetworkExposure');
  assert.deepEqual(exposures.map((f) => f.securityGroupIds), [['sg-0admin'], ['sg-0web']]);
  const [admin, web] = exposures;
  assert.deepEqual(admin.tcpPorts, [[22, 22], [80, 81]]);
  assert.deepEqual(admin.udpPorts, [[53, 53]]);
  assert.deepEqual(admin.sources, ['198.51.100.0/24']);
  assert.equal(admin.severity, 'Informational');
  assert.equal(admin.protocol, null);
  assert.equal(admin.port, null);
  assert.equal(
    admin.title,
    'On instance i-0web, ENI eni-0web, security group sg-0admin allows access to ports TCP 22, 80-81 and UDP 53 from the internet',
  );
  assert.equal(admin.attributes.TCP_PORTS, '[[22 - 22], [80 - 81]]');
  assert.equal(admin.attributes.UDP_PORTS, '[[53 - 53]]');
  assert.deepEqual(web.tcpPorts, [[80, 80], [443, 443]]);
  assert.deepEqual(web.udpPorts, []);
  assert.equal(web.attributes.UDP_PORTS, undefined);
  assert.match(web.recommendation, /sg-0web's "inbound tcp port 443 from 0\.0\.0\.0\/0" and "inbound tcp port 80 from 0\.0\.0\.0\/0"/);

  const http = find(build([r]), 'tcp', 80);
  assert.deepEqual(http.securityGroupIds, ['sg-0admin', 'sg-0web']);
  assert.equal(http.attributes.SECURITY_GROUP, 'sg-0admin, sg-0web');
});

test('ids are stable across runs and distinct for distinct keys', () => {
  const first = build([openToTheWorld()]);
  const second = build([openToTheWorld()]);
  assert.deepEqual(first.map((f) => f.id), second.map((f) => f.id));
  assert.ok(first.every((f) => /^nr-[0-9a-f]{16}$/.test(f.id)));
  const all = build([
    openToTheWorld(),
    openToTheWorld({ networkInterfaceId: 'eni-0second' }),
    openToTheWorld({ via: { type: 'IGW', id: 'igw-0other' } }),
    openToTheWorld({ reachabilityType: 'VGW', via: { type: 'VGW', id: 'vgw-0onprem' } }),
    openToTheWorld({ instanceId: 'i-0other' }),
  ]);
  assert.equal(new Set(all.map((f) => f.id)).size, all.length);
  const ssh = find(first, 'tcp', 22).id;
  const withListener = build([openToTheWorld()], new Map([['i-0web', listenerData('i-0web', listener('tcp', 22, '0.0.0.0', 'sshd'))]]));
  assert.notEqual(find(withListener, 'tcp', 22).id, ssh, 'the rule type is part of the key');
});

test('attributes carry only the keys that apply, sorted', () => {
  const [telnet] = build([openToTheWorld()]).filter((f) => f.port === 23);
  assert.deepEqual(telnet.attributes, {
    ACL: 'acl-0pub',
    ENI: 'eni-0web',
    IGW: 'igw-0a1b',
    INSTANCE_ID: 'i-0web',
    PORT: '23',
    PORT_GROUP_NAME: 'Telnet',
    PROTOCOL: 'TCP',
    REACHABILITY_TYPE: 'Internet',
    RULE_TYPE: 'RecognizedPortNoAgent',
    SECURITY_GROUP: 'sg-0web',
    VPC: 'vpc-0main',
  });
  assert.deepEqual(Object.keys(telnet.attributes), Object.keys(telnet.attributes).sort());
  const peered = build([
    openToTheWorld({ reachabilityType: 'PeeredVpc', via: { type: 'PCX', id: 'pcx-0peer' }, aclId: null }),
  ]).find((f) => f.port === 23)!;
  assert.equal(peered.attributes.PCX, 'pcx-0peer');
  assert.equal(peered.attributes.ACL, undefined);
  assert.equal(peered.aclId, null);
  assert.match(peered.description, /network ACL is not in the snapshot/);
});

test('description and recommendation explain the path and name the rules to edit', () => {
  const ssh = find(build([openToTheWorld()]), 'tcp', 22);
  assert.match(ssh.description, /internet gateway igw-0a1b -> route table rtb-0pub \(0\.0\.0\.0\/0 -> igw-0a1b\) -> network ACL acl-0pub/);
  assert.match(ssh.description, /Senders: 0\.0\.0\.0\/0 except 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16\./);
  assert.match(ssh.description, /No listener data was given/);
  assert.match(ssh.recommendation, /edit security group sg-0web's "inbound tcp all ports from 0\.0\.0\.0\/0"/);
  assert.match(ssh.recommendation, /The same rule admits TCP 0-65535 from these senders: removing it closes all of those ports, narrowing its port range to leave 22 out closes just this one\./);
  assert.match(ssh.recommendation, /add a DENY entry for it to network ACL acl-0pub numbered below the entry that admits it \("inbound rule 100 ALLOW all traffic from 0\.0\.0\.0\/0"\)/);
  assert.deepEqual(ssh.networkPath.map((s) => s.componentType), [
    'AWS::EC2::InternetGateway',
    'AWS::EC2::RouteTable',
    'AWS::EC2::NetworkAcl',
    'AWS::EC2::SecurityGroup',
    'AWS::EC2::NetworkInterface',
  ]);
});

/** SSH from on-premises (192.168.0.0/16) through vgw-1, whose routes in rtb-0priv are `routes`. */
function sshFromOnPremises(routes: string): Reachability {
  const onprem = AddressSet.fromCidrs(4, ['192.168.0.0/16']);
  return reachability({
    reachabilityType: 'VGW',
    via: { type: 'VGW', id: 'vgw-1' },
    cells: [
      cell('tcp', [22, 22], onprem, [admission('sg-0web', onprem, 'inbound tcp port 22 from 192.168.0.0/16')], [
        { componentType: 'AWS::EC2::VPNGateway', componentId: 'vgw-1' },
        { componentType: 'AWS::EC2::RouteTable', componentId: 'rtb-0priv', rule: routes },
        { componentType: 'AWS::EC2::NetworkAcl', componentId: 'acl-0pub', rule: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' },
        { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0web', rule: 'inbound tcp port 22 from 192.168.0.0/16' },
      ]),
    ],
  });
}

test('a propagated route is not offered for deletion: the gateway\'s propagation is turned off; several routes are all named', () => {
  const r = sshFromOnPremises('192.168.1.0/24 -> vgw-1; 192.168.0.0/16 -> vgw-1, propagated');
  const [ssh] = perPort(build([r]));
  assert.match(
    ssh.recommendation,
    /in route table rtb-0priv remove route "192\.168\.1\.0\/24 -> vgw-1" and turn off route propagation from vgw-1 \(a propagated route cannot be deleted; this drops every route it propagates there\)\./,
  );
  assert.doesNotMatch(ssh.recommendation, /remove route "[^"]*propagated"/);
});

test('a route table step of hundreds of routes (on-premises BGP prefixes) is counted in the path and description, but the route fix reads every route', () => {
  const statics = Array.from({ length: 10 }, (_, i) => `192.168.${i}.0/24 -> vgw-1`);
  const propagated = Array.from({ length: 190 }, (_, i) => `192.168.${i + 10}.0/24 -> vgw-1, propagated`);
  const r = sshFromOnPremises([...statics, ...propagated].join('; '));
  const findings = build([r]);
  const counted = `${statics.slice(0, 8).join('; ')}; and 192 more routes`;
  for (const f of findings) {
    assert.equal(f.networkPath.find((step) => step.componentType === 'AWS::EC2::RouteTable')!.rule, counted);
    assert.ok(f.description.includes(`route table rtb-0priv (${counted})`), f.description);
  }
  const [ssh] = perPort(findings);
  // Every static route, the two beyond the first eight too, and the propagation behind the rest.
  assert.ok(ssh.recommendation.includes(`remove routes ${statics.slice(0, 9).map((route) => `"${route}"`).join(', ')} and "${statics[9]}" and turn off route propagation from vgw-1`), ssh.recommendation);
});

test('the route is offered as the fix for a private source', () => {
  const peer = AddressSet.fromCidr('10.1.0.0/16');
  const r = reachability({
    reachabilityType: 'PeeredVpc',
    via: { type: 'PCX', id: 'pcx-0peer' },
    cells: [
      cell('tcp', [22, 22], peer, [admission('sg-0web', peer, 'inbound tcp port 22 from 10.1.0.0/16')], [
        { componentType: 'AWS::EC2::VPCPeeringConnection', componentId: 'pcx-0peer', rule: 'peer vpc-0peer' },
        { componentType: 'AWS::EC2::RouteTable', componentId: 'rtb-0priv', rule: '10.1.0.0/16 -> pcx-0peer' },
        { componentType: 'AWS::EC2::NetworkAcl', componentId: 'acl-0pub', rule: 'inbound rule 100 ALLOW all traffic from 0.0.0.0/0' },
        { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0web', rule: 'inbound tcp port 22 from 10.1.0.0/16' },
      ]),
    ],
  });
  const [ssh] = perPort(build([r]));
  assert.match(ssh.recommendation, /^If TCP port 22 \('SSH'\) should not be reachable from a peered VPC, edit security group sg-0web's "inbound tcp port 22 from 10\.1\.0\.0\/16" to remove it or narrow its sources\./);
  assert.match(ssh.recommendation, /in route table rtb-0priv remove route "10\.1\.0\.0\/16 -> pcx-0peer"\./);
  assert.equal(ssh.attributes.PCX, 'pcx-0peer');
  assert.equal(ssh.attributes.PCX_VPC, 'vpc-0peer');
  assert.doesNotMatch(ssh.recommendation, /admits TCP/);
  assert.doesNotMatch(ssh.recommendation, /DENY/, 'the group rule admits only this port: nothing narrower to offer');
});

test('sources read as CIDRs, or as "everything except" when that is shorter', () => {
  assert.equal(sourcesPhrase(['198.51.100.0/24']), '198.51.100.0/24');
  assert.equal(sourcesPhrase(['192.0.2.0/24', '198.51.100.0/24']), '2 ranges: 192.0.2.0/24, 198.51.100.0/24');
  assert.equal(sourcesPhrase(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4']), '0.0.0.0/0 except 240.0.0.0/4');
  assert.equal(sourcesPhrase(['::/1']), '::/1');
  const many = Array.from({ length: 9 }, (_, i) => `10.${i * 2}.0.0/16`);
  assert.equal(sourcesPhrase(many), `9 ranges: ${many.slice(0, 6).join(', ')} and 3 more`);
});

test("a NetworkExposure path that merges cells names a table's routes most specific first, so the routes it names before counting the rest are those", () => {
  const onprem = AddressSet.fromCidrs(4, ['172.20.0.0/16']);
  const spokes = AddressSet.fromCidrs(4, ['10.0.0.0/8']);
  const tgwCell = (port: number, sources: AddressSet, routes: string, rule: string) =>
    cell('tcp', [port, port], sources, [admission('sg-0app', sources, rule)], [
      { componentType: 'AWS::EC2::TransitGateway', componentId: 'tgw-1', rule: 'attachment tgw-attach-a' },
      { componentType: 'AWS::EC2::TransitGatewayRouteTable', componentId: 'tgw-rtb-1', rule: routes },
      { componentType: 'AWS::EC2::RouteTable', componentId: 'rtb-0priv', rule: '10.0.0.0/8 -> tgw-1; 172.20.0.0/16 -> tgw-1' },
      { componentType: 'AWS::EC2::SecurityGroup', componentId: 'sg-0app', rule },
    ]);
  // Port 22 from on-premises (a /16 route back), port 80 from the spokes (/18 routes back, one /24 elsewhere).
  const spokeRoutes = Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/18 -> tgw-attach-${i}, propagated`);
  const r = reachability({
    reachabilityType: 'TransitGateway',
    via: { type: 'TGW', id: 'tgw-1' },
    cells: [
      tgwCell(22, onprem, '172.20.0.0/16 -> tgw-attach-vpn, propagated', 'inbound tcp port 22 from 172.20.0.0/16'),
      tgwCell(80, spokes, ['10.9.9.0/24 -> tgw-attach-x', ...spokeRoutes].join('; '), 'inbound tcp port 80 from 10.0.0.0/8'),
    ],
  });
  const exposure = build([r]).find((f) => f.ruleType === 'NetworkExposure')!;
  assert.equal(
    exposure.networkPath.find((s) => s.componentType === 'AWS::EC2::TransitGatewayRouteTable')!.rule,
    ['10.9.9.0/24 -> tgw-attach-x', ...spokeRoutes.slice(0, 7)].join('; ') + '; and 3 more routes',
  );
});

test('findings below --min-severity are not made, and those made are the ones a full build keeps', () => {
  const listeners = new Map([['i-0web', listenerData('i-0web', listener('tcp', 22, '0.0.0.0', 'sshd'), listener('tcp', 8080, '0.0.0.0', 'java'))]]);
  const other = openToTheWorld({ instanceId: 'i-0other', networkInterfaceId: 'eni-0other' });
  const result = engineResult(openToTheWorld(), other);
  const all = buildFindings(result, listeners);
  // Every severity and rule type is there to be kept or left out.
  assert.deepEqual(new Set(all.map((f) => f.severity)), new Set(SEVERITIES));
  assert.deepEqual(new Set(all.map((f) => f.ruleType)), new Set(['RecognizedPortNoAgent', 'RecognizedPortWithListener', 'RecognizedPortNoListener', 'UnrecognizedPortWithListener', 'NetworkExposure']));
  for (const minimum of SEVERITIES) {
    const kept = buildFindings(result, listeners, minimum);
    assert.deepEqual(kept.map(findingJson), all.filter((f) => atLeast(f.severity, minimum)).map(findingJson), minimum);
  }
});
