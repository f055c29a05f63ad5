// Schemas for the values inside AWS records (ids, CIDRs, ports, protocols), each failing with
// "expected <what>, got <found>" and each yielding the normalized value the model stores.
import { z } from 'zod';
import { formatCidr, formatIp, parseCidr, parseIp, type IpFamily } from '../net/index.js';
import type { IpProtocol } from '../model/types.js';
import { describeValue } from './errors.js';

function expected(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` };
}

/** A value that passes `test`, with one message for every way it can fail. */
function checked<T>(what: string, test: (value: unknown) => boolean) {
  return z.custom<T>((value) => test(value), expected(what));
}

export const awsString = checked<string>('a string', (v) => typeof v === 'string');

/** AWS resource ids and ARNs: non-empty strings. */
export const awsId = checked<string>('an id (a non-empty string)', (v) => typeof v === 'string' && v.length > 0);

/**
 * A reference to another resource that a record may lack: an id, or nothing — absent, null, or an
 * empty string as some exporters write "none" (an unassociated Elastic IP's InstanceId).
 */
export const optionalId = z.preprocess((v) => (v === '' ? null : v), awsId.nullish());

export const awsBoolean = checked<boolean>('true or false', (v) => typeof v === 'boolean');

export const port = checked<number>('a port 0-65535', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535);

/** A port something listens on: port 0 asks the system for any free port, so no socket listens there. */
export const listeningPort = checked<number>('a port 1-65535', (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535);

/** A forward action's target-group weight. */
export const targetGroupWeight = checked<number>('a weight 0-999', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 999);

/** Security group FromPort/ToPort: a port, an ICMP type/code, or -1 for "all". */
export const permissionPort = checked<number>(
  'a port 0-65535 or -1',
  (v) => Number.isInteger(v) && (v as number) >= -1 && (v as number) <= 65535,
);

export const deviceIndex = checked<number>('a device index (an integer ≥ 0)', (v) => Number.isInteger(v) && (v as number) >= 0);

export const processId = checked<number>('a process id (an integer ≥ 0)', (v) => Number.isInteger(v) && (v as number) >= 0);

// 1-32766 for user entries; 32767 is the IPv4 catch-all and 32768 the IPv6 one, as
// describe-network-acls reports them.
export const naclRuleNumber = checked<number>(
  'a rule number 1-32768',
  (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 32768,
);

/**
 * `parse`, remembering its last text and result. Each check below parses its value, and the
 * transform that follows it at once parses the same text again to normalise it: this way once.
 */
function lastParsed<T>(parse: (text: string) => T): (text: string) => T {
  let lastText: string | null = null;
  let last: T;
  return (text) => {
    if (text !== lastText) {
      last = parse(text);
      lastText = text;
    }
    return last;
  };
}

const cidrOf = lastParsed(parseCidr);
const ipOf = lastParsed(parseIp);

function isCidrText(v: unknown, family: IpFamily | null): v is string {
  if (typeof v !== 'string' || !v.includes('/')) return false;
  const cidr = cidrOf(v);
  return cidr !== null && (family === null || cidr.family === family);
}

function normalizedCidr(text: string): string {
  const cidr = cidrOf(text);
  return cidr === null ? text : formatCidr(cidr);
}

function cidrSchema(what: string, family: IpFamily | null) {
  return checked<string>(what, (v) => isCidrText(v, family)).transform(normalizedCidr);
}

export const ipv4Cidr = cidrSchema('an IPv4 CIDR', 4);
export const ipv6Cidr = cidrSchema('an IPv6 CIDR', 6);
export const anyCidr = cidrSchema('an IPv4 or IPv6 CIDR', null);

function normalizedIp(text: string): string {
  const ip = ipOf(text);
  return ip === null ? text : formatIp(ip.family, ip.value);
}

function ipSchema(what: string, family: IpFamily | null) {
  return checked<string>(what, (v) => {
    if (typeof v !== 'string') return false;
    const ip = ipOf(v);
    return ip !== null && (family === null || ip.family === family);
  }).transform(normalizedIp);
}

export const ipv4Address = ipSchema('an IPv4 address', 4);
export const ipv6Address = ipSchema('an IPv6 address', 6);
export const ipAddress = ipSchema('an IP address', null);

const PROTOCOL_NAMES: ReadonlyMap<string, IpProtocol> = new Map<string, IpProtocol>([
  ['-1', 'all'],
  ['all', 'all'],
  ['tcp', 6],
  ['udp', 17],
  ['icmp', 1],
  ['icmpv6', 58],
]);

/** "-1", "tcp", "6", 6, … → the model's protocol; null when the value names no protocol. */
export function protocolOf(value: unknown): IpProtocol | null {
  if (typeof value === 'number') {
    if (value === -1) return 'all';
    return Number.isInteger(value) && value >= 0 && value <= 255 ? value : null;
  }
  if (typeof value !== 'string') return null;
  const named = PROTOCOL_NAMES.get(value.toLowerCase());
  if (named !== undefined) return named;
  if (!/^(0|[1-9]\d{0,2})$/.test(value)) return null;
  const n = Number(value);
  return n <= 255 ? n : null;
}

export const ipProtocol = checked<string | number>(
  'a protocol (-1, 0-255, tcp, udp, icmp, icmpv6 or all)',
  (v) => protocolOf(v) !== null,
).transform((v): IpProtocol => protocolOf(v) ?? 'all');

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether the timestamp's date exists: Date.parse takes 2026-02-30 as 2 March. */
function realDate(text: string): boolean {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return false;
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  // The day's last valid number, from the calendar itself (day 0 of the next month).
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const isoTimestamp = checked<string>(
  'an ISO-8601 timestamp (e.g. 2024-05-01T12:00:00Z)',
  (v) => typeof v === 'string' && ISO_8601.test(v) && realDate(v),
);

export function oneOf<const T extends readonly string[]>(values: T) {
  const allowed: ReadonlySet<string> = new Set(values);
  return checked<T[number]>(values.join(' or '), (v) => typeof v === 'string' && allowed.has(v));
}

/** Optional fields: absent, or null as some SDK dumps write it. */
export function optional<S extends z.ZodType>(schema: S) {
  return schema.nullish();
}

/** A list whose elements are validated one by one by the caller (for lenient skipping). */
export const anyList = checked<unknown[]>('a list', (v) => Array.isArray(v));

export function list<S extends z.ZodType>(element: S) {
  return z.array(element, expected('a list'));
}

export function record<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, expected('an object'));
}
