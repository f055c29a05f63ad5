// Option values of `netreach assess`, checked before any file is read.
import { InvalidArgumentError } from 'commander';
import { parseCidr } from '../net/index.js';
import { parseSeverity, type Severity } from '../findings/severity.js';
import type { MaxAge } from '../findings/listener-freshness.js';

export type ReportFormat = 'table' | 'json';

const MAX_PORT = 65535;

function portNumber(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= MAX_PORT ? port : null;
}

/** "1024-65535" (or a single port "32768") → [from, to], from ≤ to, both 0-65535. */
export function parsePortRange(text: string): [number, number] {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const from = match === null ? null : portNumber(match[1]);
  const to = match === null ? null : portNumber(match[2] ?? match[1]);
  if (from === null || to === null) {
    throw new InvalidArgumentError(`expected a port range like 1024-65535 with ports 0-${MAX_PORT}, got "${text}"`);
  }
  if (from > to) throw new InvalidArgumentError(`the range "${text}" starts after it ends`);
  return [from, to];
}

/** "10.0.0.0/8,192.168.0.0/16" → the CIDRs, each checked. */
export function parseCidrList(text: string): string[] {
  const cidrs = text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (cidrs.length === 0) throw new InvalidArgumentError('expected one or more CIDRs separated by commas');
  for (const cidr of cidrs) {
    if (!cidr.includes('/') || parseCidr(cidr) === null) throw new InvalidArgumentError(`"${cidr}" is not a valid CIDR block`);
  }
  return cidrs;
}

export function parseMinSeverity(text: string): Severity {
  const severity = parseSeverity(text.trim());
  if (severity === null) throw new InvalidArgumentError(`expected high, medium, low or informational, got "${text}"`);
  return severity;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "90m", "2d", "3600s", "1d12h" → milliseconds, with the text kept for messages. */
export function parseDuration(text: string): MaxAge {
  const trimmed = text.trim();
  if (!/^(\d+[smhd])+$/.test(trimmed)) {
    throw new InvalidArgumentError(`expected a duration like 24h, 90m, 2d or 3600s, got "${text}"`);
  }
  let milliseconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) milliseconds += Number(amount) * DURATION_UNITS[unit];
  return { milliseconds, text: trimmed };
}
