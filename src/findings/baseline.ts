// Baselines: findings a team has reviewed and accepted, by stable id, each with an optional reason
// and expiry. Applying one is a pure function of the findings, the baseline and the as-of date, so
// a replay with the same --as-of gives the same answer whatever day it runs.
import type { Finding, RuleType } from './finding.js';
import type { Severity } from './severity.js';
import { compareText } from '../model/compare-text.js';

/** A day as YYYY-MM-DD; such strings order as the days do. */
export type CalendarDate = string;

export interface BaselineEntry {
  readonly id: string;
  readonly reason: string | null;
  /** The first day the entry no longer suppresses (the day before is its last). */
  readonly expires: CalendarDate | null;
  // Informative only, for the reviewer of the file: matching is by id alone.
  readonly ruleType: RuleType | null;
  readonly severity: Severity | null;
  readonly instanceId: string | null;
  readonly port: number | null;
  readonly title: string | null;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
}

export interface SuppressedFinding {
  readonly id: string;
  readonly reason: string | null;
  readonly expires: CalendarDate | null;
}

export interface ExpiredEntry {
  readonly id: string;
  readonly reason: string | null;
  readonly expires: CalendarDate;
  /** Whether the finding is still there (and so reported again). */
  readonly findingPresent: boolean;
}

/** What a baseline did to one assessment's findings, entry by entry. */
export interface BaselineVerdict {
  /** Entries whose finding is present and accepted. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Past their expiry: no longer suppressing. */
  readonly expired: readonly ExpiredEntry[];
  /** Unexpired entries whose finding is gone: the exposure was closed or its id changed. */
  readonly stale: readonly SuppressedFinding[];
}

export interface BaselineOutcome extends BaselineVerdict {
  /** The findings the baseline does not accept, in their original order. */
  readonly remaining: readonly Finding[];
}

export const FINDING_ID_PATTERN = /^nr-[0-9a-f]{16}$/;

/** True for a real day written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An entry stops suppressing on its expiry date: "expires 2026-12-31" suppresses through
 * 2026-12-30. Failing closed on the boundary day is the safer reading for a security gate.
 */
export function hasExpired(entry: BaselineEntry, asOf: CalendarDate): entry is BaselineEntry & { expires: CalendarDate } {
  return entry.expires !== null && asOf >= entry.expires;
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline, asOf: CalendarDate): BaselineOutcome {
  const present = new Set(findings.map((f) => f.id));
  const active = new Map<string, BaselineEntry>();
  const expired: ExpiredEntry[] = [];
  const stale: SuppressedFinding[] = [];
  for (const entry of baseline.entries) {
    if (hasExpired(entry, asOf)) {
      expired.push({ id: entry.id, reason: entry.reason, expires: entry.expires, findingPresent: present.has(entry.id) });
    } else if (present.has(entry.id)) {
      active.set(entry.id, entry);
    } else {
      stale.push({ id: entry.id, reason: entry.reason, expires: entry.expires });
    }
  }
  const suppressed = [...active.values()].map((e) => ({ id: e.id, reason: e.reason, expires: e.expires }));
  const byId = (a: { id: string }, b: { id: string }): number => compareText(a.id, b.id);
  return {
    remaining: findings.filter((f) => !active.has(f.id)),
    suppressed: suppressed.sort(byId),
    expired: expired.sort(byId),
    stale: stale.sort(byId),
  };
}

export interface BaselineCreation {
  readonly reason: string | null;
  readonly expires: CalendarDate | null;
}

/** One entry per finding, sorted by id, carrying what a reviewer needs to read the file. */
export function baselineOf(findings: readonly Finding[], creation: BaselineCreation): Baseline {
  const entries = findings.map(
    (f): BaselineEntry => ({
      id: f.id,
      reason: creation.reason,
      expires: creation.expires,
      ruleType: f.ruleType,
      severity: f.severity,
      instanceId: f.instanceId,
      port: f.port,
      title: f.title,
    }),
  );
  return { entries: entries.sort((a, b) => compareText(a.id, b.id)) };
}
