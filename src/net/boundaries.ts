// Set algebra shared by address sets (IPv4 as number, IPv6 as bigint) and port sets.
//
// A set is a boundary list: a strictly increasing array [lo0, hi0, lo1, hi1, ...] of half-open
// intervals [lo, hi). Half-open bounds mean every operation needs only comparisons, never +1, so
// one generic sweep serves numbers and bigints alike; strictly increasing means adjacent
// intervals are already merged, so equal sets have equal arrays.

export type Boundary = number | bigint;

// An operation is a truth table over (in a, in b), indexed by (inA ? 1 : 0) | (inB ? 2 : 0).
// Bit 0 (in neither) is always clear: no operation here yields a point outside both inputs,
// which is what lets the sweep copy or drop a tail once one input runs out.
export const UNION = 0b1110;
export const INTERSECTION = 0b1000;
export const DIFFERENCE = 0b0010;
const ONLY_IN_B = 0b0100;

/** Linear merge of two boundary lists under a truth table. */
export function combine<T extends Boundary>(a: readonly T[], b: readonly T[], op: number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    let at: T;
    if (x < y) {
      at = x;
      i++;
    } else if (y < x) {
      at = y;
      j++;
    } else {
      at = x;
      i++;
      j++;
    }
    // An odd count of boundaries passed means "inside"; emit only where the result flips.
    const inside = (op >> ((i & 1) | ((j & 1) << 1))) & 1;
    if (inside !== (out.length & 1)) out.push(at);
  }
  if (i < a.length && op & 0b0010) for (; i < a.length; i++) out.push(a[i]);
  if (j < b.length && op & 0b0100) for (; j < b.length; j++) out.push(b[j]);
  return out;
}

/** Whether some point satisfies the truth table, stopping at the first one. */
export function someWhere<T extends Boundary>(a: readonly T[], b: readonly T[], op: number): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) i++;
    else if (y < x) j++;
    else {
      i++;
      j++;
    }
    if ((op >> ((i & 1) | ((j & 1) << 1))) & 1) return true;
  }
  // What remains of one list is a non-empty region outside the other.
  return (i < a.length && (op & 0b0010) !== 0) || (j < b.length && (op & 0b0100) !== 0);
}

export function isSubset<T extends Boundary>(inner: readonly T[], outer: readonly T[]): boolean {
  return !someWhere(outer, inner, ONLY_IN_B);
}

export function sameBoundaries<T extends Boundary>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The number of boundaries <= x (binary search); odd means x lies in the set. */
function countAtOrBelow<T extends Boundary>(bounds: readonly T[], x: T, from = 0): number {
  let lo = from;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether x lies in the set. */
export function contains<T extends Boundary>(bounds: readonly T[], x: T): boolean {
  return (countAtOrBelow(bounds, x) & 1) === 1;
}

/**
 * The intersection of a short list with a long one, finding each short interval's place in the
 * long list by binary search: O(short · log long + output) instead of a linear merge, for the
 * engine's "what of this big source set does this one rule match" questions.
 */
export function intersectShortWithLong<T extends Boundary>(short: readonly T[], long: readonly T[]): T[] {
  const out: T[] = [];
  let k = 0;
  for (let s = 0; s < short.length; s += 2) {
    const lo = short[s];
    const hi = short[s + 1];
    k = countAtOrBelow(long, lo, k);
    // Inside a long interval at lo: the overlap starts at lo, else at the next long start.
    if (k & 1) out.push(lo);
    for (; k < long.length && long[k] < hi; k++) out.push(long[k]);
    if (k & 1) out.push(hi);
  }
  return out;
}

/** Sorts and merges half-open [lo, hi) pairs (empty pairs allowed) into a boundary list. */
export function fromHalfOpen<T extends Boundary>(pairs: Array<[T, T]>): T[] {
  const nonEmpty = pairs.filter(([lo, hi]) => lo < hi);
  nonEmpty.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  const out: T[] = [];
  for (const [lo, hi] of nonEmpty) {
    const last = out.length - 1;
    // lo <= current end: overlapping or touching, so extend (touching is what merges adjacent).
    if (last >= 0 && lo <= out[last]) {
      if (hi > out[last]) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}
