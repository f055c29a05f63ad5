// `netreach query`: can this flow get through, by which path, and if not, what blocks it (SPEC §6).
// One flow from the options, or a batch file of them with expectations to compare.
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Network } from '../model/types.js';
import { loadSnapshot } from '../snapshot/index.js';
import { NetworkIndex } from '../engine/network-index.js';
import { answerQuery, flowQueryOf, judge, parseBatch, QueryError, type BatchOutcome, type FlowQuery, type QueryAnswer } from '../engine/query/index.js';
import type { FlowProtocol } from '../engine/protocols.js';
import { parseIp } from '../net/index.js';
import { renderBatchJson, renderBatchTable, renderQueryJson, renderQueryTable } from '../report/query.js';
import { requireFolder } from './folders.js';
import { ephemeralPortsOption, onpremCidrsOption } from './engine-options.js';
import type { CliOutput } from './output.js';
import { withPhaseLine } from './phase-line.js';
import type { QueryFormat } from './options.js';
import { UsageError } from './usage-error.js';

const GATEWAY_PREFIXES = ['igw-', 'vgw-', 'pcx-', 'tgw-'];

export function parseFrom(text: string): FlowQuery['from'] {
  if (text === 'internet') return { kind: 'internet', address: null };
  if (text.startsWith('i-')) return { kind: 'instance', instanceId: text, address: null };
  if (text.startsWith('eni-')) return { kind: 'interface', networkInterfaceId: text, address: null };
  if (GATEWAY_PREFIXES.some((p) => text.startsWith(p))) return { kind: 'gateway', gatewayId: text, address: null };
  if (parseIp(text) !== null) return { kind: 'address', address: text, subnetId: null };
  throw new InvalidArgumentError(`expected an IP address, an instance, ENI, igw, vgw, pcx or tgw id, or "internet", got "${text}"`);
}

export function parseTo(text: string): FlowQuery['to'] {
  if (text.startsWith('i-')) return { kind: 'instance', instanceId: text };
  if (text.startsWith('eni-')) return { kind: 'interface', networkInterfaceId: text };
  if (parseIp(text) !== null) return { kind: 'address', address: text };
  // A load balancer's name is letters, digits and inner hyphens; an ARN starts with arn:.
  if (text.startsWith('arn:') || /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(text)) return { kind: 'load-balancer', loadBalancerId: text };
  // Digits and dots, or a colon (no name has one): meant as an address.
  if (/^[0-9.]+$/.test(text) || text.includes(':')) throw new InvalidArgumentError(`"${text}" is not an IP address`);
  throw new InvalidArgumentError(`expected an IP address, an instance or ENI id, or a load balancer name or ARN, got "${text}"`);
}

export function parseProtocol(text: string): FlowProtocol {
  const name = text.trim().toLowerCase();
  if (name === 'tcp' || name === 'udp') return name;
  if (name === 'icmp') return 1;
  if (/^\d{1,3}$/.test(name) && Number(name) <= 255) {
    const number = Number(name);
    return number === 6 ? 'tcp' : number === 17 ? 'udp' : number;
  }
  throw new InvalidArgumentError(`expected tcp, udp, icmp or an IP protocol number 0-255, got "${text}"`);
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) throw new InvalidArgumentError(`expected a port 0-65535, got "${text}"`);
  return Number(text);
}

interface RawQueryOptions {
  readonly from?: FlowQuery['from'];
  readonly to?: FlowQuery['to'];
  readonly protocol?: FlowProtocol;
  readonly port?: number;
  readonly srcPort?: number;
  readonly batch?: string;
  readonly format: QueryFormat;
  readonly lenient?: boolean;
  readonly ephemeralPorts: [number, number];
  readonly onpremCidrs?: string[];
}

async function loadNetwork(io: CliOutput, snapshot: string, lenient: boolean): Promise<Network> {
  await requireFolder(snapshot, 'snapshot folder');
  return withPhaseLine(io, async (phase) => {
    phase.show(`reading ${snapshot}`);
    return (await loadSnapshot(snapshot, { lenient })).network;
  });
}

/** Bad query input is the user's to fix: one line, exit 2. */
function answering<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(error.message);
    throw error;
  }
}

function endText(q: FlowQuery): { from: string; to: string } {
  const from = q.from.kind === 'internet' ? 'the internet' : q.from.kind === 'instance' ? q.from.instanceId : q.from.kind === 'interface' ? q.from.networkInterfaceId : q.from.kind === 'gateway' ? q.from.gatewayId : q.from.address;
  const to = q.to.kind === 'instance' ? q.to.instanceId : q.to.kind === 'interface' ? q.to.networkInterfaceId : q.to.kind === 'load-balancer' ? q.to.loadBalancerId : q.to.address;
  return { from, to };
}

function questionText(q: FlowQuery): string {
  const protocol = q.protocol === 'tcp' || q.protocol === 'udp' ? `${q.protocol} port ${q.port ?? '?'}` : q.protocol === 1 ? 'icmp' : `protocol ${q.protocol}`;
  const { from, to } = endText(q);
  return `${protocol} from ${from} to ${to}`;
}

async function runBatch(io: CliOutput, network: Network, file: string, raw: RawQueryOptions, engineOptions: { ephemeralPorts: readonly [number, number]; onpremCidrs: readonly string[] | null }): Promise<void> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const queries = answering(() => parseBatch(text, file));
  const outcomes: BatchOutcome[] = queries.map((q, i) => {
    const answer: QueryAnswer = answering(() => {
      try {
        return answerQuery(network, flowQueryOf(q), engineOptions);
      } catch (error) {
        if (error instanceof QueryError) throw new QueryError(`${file} query ${q.id ?? i + 1}: ${error.message}`);
        throw error;
      }
    });
    return judge(q, answer);
  });
  const idOf = (o: BatchOutcome, i: number): string => o.query.id ?? `#${i + 1}`;
  io.stdout(raw.format === 'json' ? renderBatchJson(outcomes, idOf) : renderBatchTable(outcomes, idOf));
}

export function addQueryCommand(program: Command, io: CliOutput): void {
  program
    .command('query')
    .description('can this flow get through? every path it takes, or every component that blocks it')
    .argument('<snapshot>', 'folder of AWS describe-* JSON files')
    .option('--from <source>', 'an IP address, instance, ENI, igw, vgw, pcx or tgw id, or "internet"', parseFrom)
    .option('--to <destination>', 'an instance or ENI id, an IP address, or a load balancer name or ARN', parseTo)
    .option('--protocol <protocol>', 'tcp, udp, icmp or an IP protocol number', parseProtocol)
    .option('--port <port>', 'destination port (tcp and udp)', parsePort)
    .option('--src-port <port>', 'the client\'s source port (default: any in --ephemeral-ports)', parsePort)
    .option('--batch <file>', 'answer every query of a JSON file (the conformance vocabulary) and compare with its expectations')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--lenient', 'skip malformed parts of the snapshot instead of failing')
    .addOption(ephemeralPortsOption())
    .addOption(onpremCidrsOption())
    .action(async (snapshot: string, raw: RawQueryOptions) => {
      const single = raw.from !== undefined || raw.to !== undefined || raw.protocol !== undefined;
      if (raw.batch !== undefined && single) throw new UsageError('--batch answers the queries of a file; leave out --from, --to and --protocol');
      if (raw.batch === undefined && (raw.from === undefined || raw.to === undefined || raw.protocol === undefined)) {
        throw new UsageError('a query needs --from, --to and --protocol (and --port for tcp and udp), or --batch FILE');
      }
      const engineOptions = { ephemeralPorts: raw.ephemeralPorts, onpremCidrs: raw.onpremCidrs ?? null };
      const network = await loadNetwork(io, snapshot, raw.lenient === true);
      if (raw.batch !== undefined) return runBatch(io, network, raw.batch, raw, engineOptions);
      const query: FlowQuery = { from: raw.from!, to: raw.to!, protocol: raw.protocol!, port: raw.port ?? null, srcPort: raw.srcPort ?? null };
      const index = new NetworkIndex(network);
      const answer = answering(() => answerQuery(network, query, engineOptions, index));
      io.stdout(raw.format === 'json' ? renderQueryJson(answer) : renderQueryTable(questionText(query), answer, index.coverage.sorted()));
    });
}
