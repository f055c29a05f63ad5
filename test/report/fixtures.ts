// A small network and a report built from the findings fixtures, for the writers' tests.
import type { CoverageNote, Instance, Network } from '../../src/model/types.js';
import type { EngineResult } from '../../src/engine/types.js';
import { buildFindings } from '../../src/findings/build.js';
import { buildAssessment, type AssessmentReport } from '../../src/report/assessment.js';
import type { Severity } from '../../src/findings/severity.js';
import { atLeast } from '../../src/findings/severity.js';
import type { ListenerData } from '../../src/model/types.js';
import type { Via } from '../../src/engine/types.js';
import { AddressSet } from '../../src/net/index.js';
import { admission, cell, engineResult, openToTheWorld, reachability } from '../findings/fixtures.js';

function instance(id: string, state: string): Instance {
  return { id, state, name: null, vpcId: 'vpc-0main', subnetId: 'subnet-0pub', networkInterfaceIds: [], ownerId: null, region: null };
}

export function network(coverage: CoverageNote[] = [], collectedAt: string | null = '2024-05-01T09:30:00Z'): Network {
  const empty = new Map();
  return {
    vpcs: new Map([['vpc-0main', { id: 'vpc-0main', ownerId: null, region: 'us-east-1', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [] }]]),
    subnets: empty,
    routeTables: empty,
    networkAcls: empty,
    securityGroups: empty,
    networkInterfaces: empty,
    instances: new Map([
      ['i-0web', instance('i-0web', 'running')],
      ['i-0db', instance('i-0db', 'running')],
      ['i-0old', instance('i-0old', 'stopped')],
    ]),
    internetGateways: empty,
    egressOnlyInternetGateways: empty,
    vpnGateways: empty,
    vpnConnections: empty,
    dxVirtualInterfaces: empty,
    dxGatewayAssociations: [],
    peeringConnections: empty,
    natGateways: empty,
    vpcEndpoints: empty,
    transitGateways: empty,
    transitGatewayAttachments: empty,
    transitGatewayRouteTables: empty,
    prefixLists: empty,
    loadBalancers: empty,
    targetGroups: empty,
    kindsPresent: new Set(['Vpcs', 'Reservations']),
    failedCalls: new Set(),
    collectedAt,
    coverage,
  };
}

export const GAPS: CoverageNote[] = [
  { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-0priv', reason: 'network ACL not in the snapshot; NACL checks skipped', file: null },
  { resourceType: 'AWS::EC2::Instance', resourceId: 'i-0db', reason: 'security group sg-0gone is not in the snapshot', file: 'ec2/instances.json' },
];

export function report(
  engine: EngineResult,
  listeners: ReadonlyMap<string, ListenerData> = new Map(),
  minSeverity: Severity = 'Informational',
  coverage: CoverageNote[] = GAPS,
): AssessmentReport {
  const findings = buildFindings(engine, listeners).filter((f) => atLeast(f.severity, minSeverity));
  const assessment = buildAssessment({
    snapshot: 'examples/small',
    network: network(coverage),
    fileCount: 9,
    engine,
    findings,
    options: { ephemeralPorts: [1024, 65535], onpremCidrs: null, minSeverity },
    warnings: ['unknown.json: unknown top-level key "Foo"; skipped'],
  });
  return { assessment, findings };
}

/** i-0web open to the world through `via`, and i-0db's PostgreSQL reachable from an office over a VGW. */
export function webAndDatabaseEngine(via: Via = { type: 'IGW', id: 'igw-0a1b' }): EngineResult {
  const office = AddressSet.fromCidr('198.51.100.0/24');
  return engineResult(
    openToTheWorld({ via }),
    reachability({
      instanceId: 'i-0db',
      networkInterfaceId: 'eni-0db',
      reachabilityType: 'VGW',
      via: { type: 'VGW', id: 'vgw-0onprem' },
      cells: [cell('tcp', [5432, 5432], office, [admission('sg-0db', office, 'inbound tcp port 5432 from 198.51.100.0/24')])],
    }),
  );
}
