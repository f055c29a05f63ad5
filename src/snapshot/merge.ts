// Resources that appear in several files (multi-account data repeats a shared transit gateway,
// both sides list a peering connection) become one record: the first in file order wins, and
// what it lacks is filled from the others.
import { compareText } from '../model/compare-text.js';

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Fills nulls and empty lists of `kept` from `other`; unions lists of strings (kept's order first). */
export function mergeRecords<T extends object>(kept: T, other: T): T {
  const merged = new Map<string, unknown>(Object.entries(kept));
  for (const [key, theirs] of Object.entries(other)) {
    const mine = merged.get(key);
    if (mine === null || mine === undefined) {
      merged.set(key, theirs);
    } else if (isStringList(mine) && isStringList(theirs)) {
      merged.set(key, unionInOrder(mine, theirs));
    } else if (Array.isArray(mine) && mine.length === 0 && Array.isArray(theirs)) {
      merged.set(key, theirs);
    }
  }
  return Object.fromEntries(merged) as T;
}

/**
 * The copies that carry a list first, in their order, then the others: the list a copy carries,
 * even empty, is the one used (an empty rule list is a fact, not a gap to fill from another copy);
 * copies without it only fill other gaps.
 */
export function carryingFirst<T>(found: readonly T[], carries: (item: T) => boolean): T[] {
  return [...found.filter(carries), ...found.filter((item) => !carries(item))];
}

export function unionInOrder<T>(first: readonly T[], second: readonly T[]): T[] {
  const seen = new Set<T>(first);
  const out = [...first];
  for (const v of second) {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

/** One record per key (merged in input order), as a map iterated in key order. */
export function indexBy<T extends object>(
  records: Iterable<T>,
  keyOf: (record: T) => string,
  merge: (kept: T, other: T) => T = mergeRecords,
): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const r of records) {
    const key = keyOf(r);
    const kept = byKey.get(key);
    byKey.set(key, kept === undefined ? r : merge(kept, r));
  }
  // sort() without a comparator orders strings by UTF-16 code unit, as compareText does, without
  // calling back into JavaScript per comparison (100,000 instances: 0.5 s less).
  const keys = [...byKey.keys()].sort();
  const sorted = new Map<string, T>();
  for (const key of keys) sorted.set(key, byKey.get(key)!);
  return sorted;
}

export function indexById<T extends { readonly id: string }>(
  records: Iterable<T>,
  merge: (kept: T, other: T) => T = mergeRecords,
): Map<string, T> {
  return indexBy(records, (r) => r.id, merge);
}
