// --fail-on LEVEL: the CI gate. Exit 1 (after the report is written) when something at or above
// LEVEL is left; the one stderr line says what, so a failed build explains itself.
import { Option } from 'commander';
import type { Severity } from '../findings/severity.js';
import { parseMinSeverity } from './options.js';

/** Exit code when --fail-on finds something: distinct from 2 (bad input) and 3 (internal error). */
export const EXIT_GATE_FAILED = 1;

export function failOnOption(what: string): Option {
  return new Option('--fail-on <level>', `exit 1 when ${what} at or above: high, medium, low, informational`).argParser(parseMinSeverity);
}

/** 1 "finding raised", 2 "findings raised": the word "finding" takes the plural. */
function counted(n: number, phrase: string): string {
  return `${n} ${n === 1 ? phrase : phrase.replace(/\bfinding\b/, 'findings')}`;
}

/** "--fail-on high: 2 findings at or above High", or null when the gate passes. */
export function gateFailure(level: Severity, parts: ReadonlyArray<readonly [count: number, noun: string]>): string | null {
  const present = parts.filter(([count]) => count > 0);
  if (present.length === 0) return null;
  return `--fail-on ${level.toLowerCase()}: ${present.map(([count, noun]) => counted(count, noun)).join(' and ')} at or above ${level}`;
}
