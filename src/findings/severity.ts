// Severity of findings (SPEC §5): netreach's base table lives with the recognized ports;
// sources other than the internet lower it one level.
import type { ReachabilityType } from '../engine/types.js';

export type Severity = 'High' | 'Medium' | 'Low' | 'Informational';

/** Highest first. */
export const SEVERITIES: readonly Severity[] = ['High', 'Medium', 'Low', 'Informational'];

const NUMERIC: Readonly<Record<Severity, number>> = { High: 9, Medium: 6, Low: 3, Informational: 0 };

export function numericSeverity(severity: Severity): number {
  return NUMERIC[severity];
}

/** One level lower, Informational staying Informational. */
export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)];
}

/**
 * A recognized port's severity for a source: the internet keeps the base, a peered VPC,
 * a virtual private gateway or a transit gateway (private, narrower sources) lower it one level.
 */
export function severityFor(base: Severity, reachabilityType: ReachabilityType): Severity {
  return reachabilityType === 'Internet' ? base : lowerSeverity(base);
}

/** Negative when `a` is more severe than `b` (sorts High first). */
export function compareSeverity(a: Severity, b: Severity): number {
  return NUMERIC[b] - NUMERIC[a];
}

/** True when `severity` is at least `minimum` (High ≥ Medium ≥ Low ≥ Informational). */
export function atLeast(severity: Severity, minimum: Severity): boolean {
  return NUMERIC[severity] >= NUMERIC[minimum];
}

export function parseSeverity(text: string): Severity | null {
  const lower = text.toLowerCase();
  return SEVERITIES.find((s) => s.toLowerCase() === lower) ?? null;
}
