// Point queries on raw AWS JSON estates: write the estate, load it with the real loader, ask.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { DEFAULT_EPHEMERAL_PORTS, type EngineOptions } from '../../src/engine/index.js';
import { answerQuery, type FlowQuery, type QueryAnswer } from '../../src/engine/query/index.js';
import type { FlowProtocol } from '../../src/engine/protocols.js';
import type { Network } from '../../src/model/types.js';
import type { RawEstate } from './raw-estate.js';
import { parseIp } from '../../src/net/index.js';

export async function loadEstate(e: RawEstate): Promise<Network> {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-query-'));
  try {
    e.write(dir);
    return (await loadSnapshot(dir, { lenient: false })).network;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `from` and `to` as the CLI takes them: ids, addresses, "internet". */
export interface Ask {
  readonly from: string;
  readonly fromAddress?: string;
  readonly to: string;
  readonly protocol?: FlowProtocol;
  readonly port?: number | null;
  readonly srcPort?: number | null;
}

export function flowQuery(q: Ask): FlowQuery {
  const address = q.fromAddress ?? null;
  const from: FlowQuery['from'] =
    q.from === 'internet'
      ? { kind: 'internet', address }
      : q.from.startsWith('i-')
        ? { kind: 'instance', instanceId: q.from, address }
        : q.from.startsWith('eni-')
          ? { kind: 'interface', networkInterfaceId: q.from, address }
          : /^(igw|vgw|pcx|tgw)-/.test(q.from)
            ? { kind: 'gateway', gatewayId: q.from, address }
            : { kind: 'address', address: q.from, subnetId: null };
  const to: FlowQuery['to'] = q.to.startsWith('i-')
    ? { kind: 'instance', instanceId: q.to }
    : q.to.startsWith('eni-')
      ? { kind: 'interface', networkInterfaceId: q.to }
      : parseIp(q.to) !== null
        ? { kind: 'address', address: q.to }
        : { kind: 'load-balancer', loadBalancerId: q.to };
  return { from, to, protocol: q.protocol ?? 'tcp', port: q.port === undefined ? 22 : q.port, srcPort: q.srcPort ?? null };
}

export function askNetwork(network: Network, q: Ask, options: Partial<EngineOptions> = {}): QueryAnswer {
  return answerQuery(network, flowQuery(q), { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null, ...options });
}

export async function ask(e: RawEstate, q: Ask, options: Partial<EngineOptions> = {}): Promise<QueryAnswer> {
  return askNetwork(await loadEstate(e), q, options);
}

/** "CODE componentId" of each blocker, for compact assertions. */
export function blockersOf(answer: QueryAnswer): string[] {
  return answer.blockers.map((b) => `${b.code} ${b.componentId}`);
}
