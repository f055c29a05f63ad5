// Batches of point queries (`netreach query --batch FILE`): the query vocabulary of ../shared/conformance/batfish/README.md
// (from internet / instance / address / gateway; to an address; protocol name or number; expected
// verdict and blocking component), each turned into a point query, answered, and compared.
import { z } from 'zod';
import type { FlowProtocol } from '../protocols.js';
import { QueryError } from './endpoints.js';
import { jsonPath } from '../../snapshot/errors.js';
import { syntaxProblem } from '../../snapshot/json-file.js';
import { describeIssue } from '../../snapshot/record-check.js';
import type { Blocker, FlowQuery, QueryAnswer } from './types.js';

const port = z.number().int().min(0).max(65535);

const batchQuery = z.object({
  id: z.string().optional(),
  from: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('internet'), address: z.string().optional() }),
    z.object({ kind: z.literal('instance'), instanceId: z.string(), address: z.string().optional() }),
    z.object({ kind: z.literal('address'), address: z.string(), subnetId: z.string().optional() }),
    z.object({ kind: z.literal('gateway'), gatewayId: z.string(), address: z.string().optional() }),
  ], { error: 'expected "internet", "instance", "address" or "gateway"' }),
  to: z.object({ address: z.string() }),
  protocol: z.union([z.enum(['tcp', 'udp', 'icmp']), z.number().int().min(0).max(255)], { error: 'expected "tcp", "udp", "icmp" or an IP protocol number 0-255' }),
  dstPort: port.optional(),
  srcPort: port.optional(),
  direction: z.string().optional(),
  expect: z.enum(['reachable', 'blocked']).optional(),
  blockedAt: z.string().optional(),
});

const batchList = z.array(batchQuery);
const batchDocument = z.object({ queries: batchList });

export type BatchQuery = z.infer<typeof batchQuery>;

/** The queries of a batch file: `{"queries": [...]}` (an expected.json as it is) or a bare list. */
export function parseBatch(text: string, file: string): BatchQuery[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new QueryError(`${file}: $: ${syntaxProblem(text, error)}`);
  }
  // The same one line as a snapshot's errors: the file, the JSON path, what was expected and found.
  const parsed = Array.isArray(json) ? batchList.safeParse(json, { error: describeIssue }) : batchDocument.safeParse(json, { error: describeIssue });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QueryError(`${file}: ${jsonPath(issue.path)}: ${issue.message}`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.queries;
}

function protocolOf(protocol: BatchQuery['protocol']): FlowProtocol {
  if (protocol === 'icmp') return 1;
  return protocol;
}

export function flowQueryOf(q: BatchQuery): FlowQuery {
  const from: FlowQuery['from'] = (() => {
    switch (q.from.kind) {
      case 'internet':
        return { kind: 'internet', address: q.from.address ?? null };
      case 'instance':
        return { kind: 'instance', instanceId: q.from.instanceId, address: q.from.address ?? null };
      case 'address':
        return { kind: 'address', address: q.from.address, subnetId: q.from.subnetId ?? null };
      case 'gateway':
        return { kind: 'gateway', gatewayId: q.from.gatewayId, address: q.from.address ?? null };
    }
  })();
  return { from, to: { kind: 'address', address: q.to.address }, protocol: protocolOf(q.protocol), port: q.dstPort ?? null, srcPort: q.srcPort ?? null };
}

/** Which blocker codes answer each kind of `blockedAt`. */
const CODES_OF_KIND: Readonly<Record<string, readonly Blocker['code'][]>> = {
  'security-group-ingress': ['ENI_SG_RULES_MISMATCH'],
  'no-route': ['NO_ROUTE_TO_DESTINATION', 'BLACKHOLE_ROUTE', 'NO_RETURN_ROUTE', 'SOURCE_NOT_ROUTABLE', 'TGW_ROUTE_NOT_FOUND', 'TGW_ROUTE_BLACKHOLE', 'TGW_ATTACHMENT_NOT_IN_AZ'],
  'no-host': ['NO_HOST_AT_ADDRESS'],
  'nat-gateway': ['NAT_GATEWAY_UNSUPPORTED_PROTOCOL', 'NAT_GATEWAY_NOT_A_DESTINATION', 'BAD_STATE'],
  'internet-gateway': ['NO_PUBLIC_IP', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'BAD_STATE'],
  'load-balancer': ['ELB_LISTENER_PORT_RESTRICTION', 'ELBV2_LISTENER_PORT_RESTRICTION', 'ELBV2_LISTENER_HAS_NO_TARGETS', 'TARGET_PORT_RESTRICTION', 'LOAD_BALANCER_SCHEME_RESTRICTION'],
};

/**
 * Whether a blocker is the component `blockedAt` names ("<kind> <resource> (<detail>)"). The
 * pseudo-resources `internet` and `aws` are netreach's `internet`; a transit gateway named with
 * its route table in the detail is that table; a load balancer may be named by its name.
 */
export function blockerMatches(blockedAt: string, blocker: Blocker): boolean {
  const match = /^(\S+)\s+(\S+)(?:\s+\((.*)\))?$/.exec(blockedAt.trim());
  if (match === null) return false;
  const [, kind, resource, detail] = match as unknown as [string, string, string, string | undefined];
  if (!(CODES_OF_KIND[kind] ?? []).includes(blocker.code)) return false;
  const table = /\b(tgw-rtb-[0-9a-f]+)\b/.exec(detail ?? '')?.[1];
  const id = resource === 'aws' ? 'internet' : resource.startsWith('tgw-') && table !== undefined ? table : resource;
  return blocker.componentId === id || blocker.componentId.includes(`/${id}/`);
}

export interface BatchOutcome {
  readonly query: BatchQuery;
  readonly answer: QueryAnswer;
  /** null when the file carries no expectation. */
  readonly agrees: boolean | null;
  readonly note: string;
}

export function judge(query: BatchQuery, answer: QueryAnswer): BatchOutcome {
  if (query.expect === undefined) return { query, answer, agrees: null, note: '' };
  if (answer.verdict !== query.expect) return { query, answer, agrees: false, note: `expected ${query.expect}` };
  if (query.expect === 'blocked' && query.blockedAt !== undefined) {
    const found = answer.blockers.some((b) => blockerMatches(query.blockedAt!, b));
    return { query, answer, agrees: found, note: found ? `blocked at ${query.blockedAt}` : `expected blocked at ${query.blockedAt}` };
  }
  return { query, answer, agrees: true, note: '' };
}
