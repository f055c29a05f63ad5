// Measures load + engine + findings on a generated estate (not part of npm test).
// Usage: npm run bench -- [instances=300] [vpcs=3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALLOW_ALL_NACL, RawEstate } from '../test/support/raw-estate.js';
import { loadSnapshot } from '../src/snapshot/index.js';
import { assessNetwork, DEFAULT_EPHEMERAL_PORTS } from '../src/engine/index.js';
import { buildFindings } from '../src/findings/index.js';

const instances = Number(process.argv[2] ?? 300);
const vpcCount = Number(process.argv[3] ?? 3);

function estate(): RawEstate {
  const e = new RawEstate();
  for (let v = 0; v < vpcCount; v++) {
    const vpc = e.vpc(`10.${v}.0.0/16`);
    const igw = e.internetGateway(vpc);
    const vgw = e.vpnGateway(vpc);
    const subnets = Array.from({ length: 8 }, (_, s) => e.subnet(vpc, `10.${v}.${s}.0/24`, { az: s % 2 === 0 ? 'us-east-1a' : 'us-east-1b' }));
    e.routeTable(vpc, { subnets: subnets.slice(0, 4), routes: [{ dest: '0.0.0.0/0', gateway: igw }, { dest: '192.168.0.0/16', gateway: vgw, propagated: true }] });
    e.routeTable(vpc, { main: true, routes: [{ dest: '172.16.0.0/12', gateway: vgw }] });
    e.nacl(vpc, { subnets: subnets.slice(0, 6), entries: ALLOW_ALL_NACL, isDefault: true });
    e.nacl(vpc, {
      subnets: subnets.slice(6),
      entries: [
        { rule: 90, protocol: '6', action: 'deny', cidr: '198.51.100.0/24', ports: [0, 65535] },
        { rule: 100, protocol: '6', cidr: '0.0.0.0/0', ports: [22, 443] },
        { rule: 110, protocol: '17', cidr: '172.16.0.0/12', ports: [500, 4500] },
        { rule: 100, egress: true, protocol: '6', cidr: '0.0.0.0/0', ports: [1024, 65535] },
        { rule: 110, egress: true, protocol: '17', cidr: '0.0.0.0/0', ports: [1024, 65535] },
      ],
    });
    const web = e.securityGroup(vpc, 'web', [{ protocol: 'tcp', from: 80, to: 80, cidrs: ['0.0.0.0/0'] }, { protocol: 'tcp', from: 443, to: 443, cidrs: ['0.0.0.0/0'] }]);
    const admin = e.securityGroup(vpc, 'admin', [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['203.0.113.0/24', '192.168.0.0/16'] }, { protocol: '-1', groups: [web] }]);
    const db = e.securityGroup(vpc, 'db', [{ protocol: 'tcp', from: 3306, to: 3306, groups: [web] }, { protocol: 'tcp', from: 0, to: 65535, cidrs: ['172.16.0.0/12'] }]);
    const groups = [[web], [web, admin], [db], [admin, db]];
    const perVpc = Math.ceil(instances / vpcCount);
    for (let i = 0; i < perVpc; i++) {
      const s = i % subnets.length;
      e.instance(subnets[s]!, {
        groups: groups[i % groups.length]!,
        privateIp: `10.${v}.${s}.${10 + Math.floor(i / subnets.length)}`,
        ...(s < 4 ? { publicIp: `54.${v}.${Math.floor(i / 250)}.${i % 250}` } : {}),
      });
    }
  }
  return e;
}

const dir = mkdtempSync(join(tmpdir(), 'netreach-bench-'));
try {
  estate().write(dir);
  const t0 = performance.now();
  const { network, listeners } = await loadSnapshot(dir, { lenient: false });
  const t1 = performance.now();
  const result = assessNetwork(network, { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null });
  const t2 = performance.now();
  const findings = buildFindings(result, listeners);
  const t3 = performance.now();
  console.log(
    `instances=${network.instances.size} reachabilities=${result.reachabilities.length} findings=${findings.length} ` +
      `load=${(t1 - t0).toFixed(0)}ms engine=${(t2 - t1).toFixed(0)}ms findings=${(t3 - t2).toFixed(0)}ms total=${(t3 - t0).toFixed(0)}ms ` +
      `rss=${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}MiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
