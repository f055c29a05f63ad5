// Option values of `netreach assess`, checked before any file is read.
import { InvalidArgumentError } from 'commander';
import { parseCidr } from '../net/index.js';
import { parseSeverity, type Severity } from '../findings/severity.js';
import type { MaxAge } from '../findings/listener-freshness.js';
import { formatBytes } from '../snapshot/index.js';
import { isCalendarDate, type CalendarDate } from '../findings/baseline.js';

export type { ReportFormat } from '../report/formats.js';

/** `netreach query` answers as a table or as SPEC §6's JSON. */
export type QueryFormat = 'table' | 'json';

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

const BYTE_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', 1024],
  ['kb', 1024],
  ['kib', 1024],
  ['m', 1024 ** 2],
  ['mb', 1024 ** 2],
  ['mib', 1024 ** 2],
  ['g', 1024 ** 3],
  ['gb', 1024 ** 3],
  ['gib', 1024 ** 3],
]);

/** The largest --max-file-size: big files are read record by record, so the string limit is no bound. */
export const MAX_FILE_SIZE_LIMIT = 64 * 1024 ** 3;

/** "256MiB", "64M", "1.5G", "4096" (bytes) → bytes; binary units, as the default 2 GiB. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match === null ? undefined : BYTE_UNITS.get(match[2].toLowerCase());
  if (match === null || unit === undefined) {
    throw new InvalidArgumentError(`expected a size like 256MiB, 64M or 4096 (bytes), got "${text}"`);
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1 || bytes > MAX_FILE_SIZE_LIMIT) {
    throw new InvalidArgumentError(`expected a size from 1 byte to ${formatBytes(MAX_FILE_SIZE_LIMIT)}, got "${text}"`);
  }
  return bytes;
}

/** A whole number from `min` to `max`, for counts and depths. */
export function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
}

/** "2026-12-31": a day that exists, written YYYY-MM-DD. */
export function parseCalendarDate(text: string): CalendarDate {
  const trimmed = text.trim();
  if (!isCalendarDate(trimmed)) throw new InvalidArgumentError(`expected a date YYYY-MM-DD that exists, got "${text}"`);
  return trimmed;
}
