import {
  AddressError,
  bitsOf,
  formatIp,
  formatIpv4Number,
  maskToPrefix,
  parseCidr,
  parseIp,
  type Cidr,
  type IpFamily,
} from './address.js';
import {
  DIFFERENCE,
  INTERSECTION,
  UNION,
  combine,
  contains,
  fromHalfOpen,
  intersectShortWithLong,
  isSubset,
  sameBoundaries,
  someWhere,
  type Boundary,
} from './boundaries.js';

// Boundaries are numbers for IPv4 (0..2^32 are exact doubles, and number comparisons are far
// cheaper than bigint ones in the engine's hot loops) and bigints for IPv6. A list never mixes
// the two; bigint appears for IPv4 only at the API edge (ranges(), has(), size()).
type Bounds = readonly Boundary[];

const IPV4_END = 2 ** 32;
const IPV6_END = 1n << 128n;

function endOf(family: IpFamily): Boundary {
  return family === 4 ? IPV4_END : IPV6_END;
}

function zeroOf(family: IpFamily): Boundary {
  return family === 4 ? 0 : 0n;
}

function internal(family: IpFamily, value: bigint): Boundary {
  return family === 4 ? Number(value) : value;
}

function toBigInt(value: Boundary): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

function cidrToHalfOpen(cidr: Cidr): [Boundary, Boundary] {
  const bits = bitsOf(cidr.family);
  if (!Number.isInteger(cidr.prefixLength) || cidr.prefixLength < 0 || cidr.prefixLength > bits) {
    throw new AddressError(`prefix length ${cidr.prefixLength} is not valid for IPv${cidr.family}`);
  }
  if (typeof cidr.network !== 'bigint' || cidr.network < 0n || cidr.network >= 1n << BigInt(bits)) {
    throw new AddressError(`network ${String(cidr.network)} is not an IPv${cidr.family} address`);
  }
  const network = maskToPrefix(cidr.family, cidr.network, cidr.prefixLength);
  const hostBits = bits - cidr.prefixLength;
  if (cidr.family === 4) {
    const lo = Number(network);
    return [lo, lo + 2 ** hostBits];
  }
  return [network, network + (1n << BigInt(hostBits))];
}

function toCidr(cidr: Cidr | string): Cidr {
  if (typeof cidr !== 'string') return cidr;
  const parsed = parseCidr(cidr);
  if (parsed === null) throw new AddressError(`"${cidr}" is not a valid CIDR block or IP address`);
  return parsed;
}

/** Greedy cover of one IPv4 interval: the largest aligned block at the low end, repeatedly. */
function ipv4Cidrs(lo: number, hi: number, out: string[]): void {
  while (lo < hi) {
    // lo & -lo isolates the lowest set bit as an int32; clz32 reads it unsigned, so bit 31 works too.
    const alignedBits = lo === 0 ? 32 : 31 - Math.clz32(lo & -lo);
    const remaining = hi - lo;
    const fittingBits = remaining === IPV4_END ? 32 : 31 - Math.clz32(remaining);
    const blockBits = Math.min(alignedBits, fittingBits);
    out.push(`${formatIpv4Number(lo)}/${32 - blockBits}`);
    lo += 2 ** blockBits;
  }
}

function ipv6Cidrs(lo: bigint, hi: bigint, out: string[]): void {
  while (lo < hi) {
    const alignedBits = lo === 0n ? 128 : bitLength(lo & -lo) - 1;
    const fittingBits = bitLength(hi - lo) - 1;
    const blockBits = Math.min(alignedBits, fittingBits);
    out.push(`${formatIp(6, lo)}/${128 - blockBits}`);
    lo += 1n << BigInt(blockBits);
  }
}

const EMPTY: Record<IpFamily, AddressSet | undefined> = { 4: undefined, 6: undefined };
const ALL: Record<IpFamily, AddressSet | undefined> = { 4: undefined, 6: undefined };

/** An immutable set of addresses of one family, kept as sorted, disjoint, merged intervals. */
export class AddressSet {
  readonly family: IpFamily;
  private readonly bounds: Bounds;
  private cachedRanges: ReadonlyArray<readonly [bigint, bigint]> | undefined;
  private cachedCidrs: readonly string[] | undefined;
  private cachedText: string | undefined;

  private constructor(family: IpFamily, bounds: Bounds) {
    this.family = family;
    this.bounds = bounds;
  }

  static empty(family: IpFamily): AddressSet {
    return (EMPTY[family] ??= new AddressSet(checkFamily(family), []));
  }

  static all(family: IpFamily): AddressSet {
    return (ALL[family] ??= new AddressSet(checkFamily(family), [zeroOf(family), endOf(family)]));
  }

  /** Inclusive [first, last] ranges in any order; overlapping, adjacent and empty (first > last) ones are fine. */
  static fromRanges(family: IpFamily, ranges: Iterable<readonly [bigint, bigint]>): AddressSet {
    const max = (1n << BigInt(bitsOf(checkFamily(family)))) - 1n;
    const pairs: Array<[Boundary, Boundary]> = [];
    for (const [first, last] of ranges) {
      if (typeof first !== 'bigint' || typeof last !== 'bigint') {
        throw new AddressError(`address range bounds must be bigint, got ${typeof first} and ${typeof last}`);
      }
      if (first > last) continue;
      if (first < 0n || last > max) {
        throw new AddressError(`range ${first}-${last} is outside the IPv${family} address space`);
      }
      pairs.push([internal(family, first), internal(family, last + 1n)]);
    }
    return new AddressSet(family, fromHalfOpen(pairs));
  }

  static fromCidr(cidr: Cidr | string): AddressSet {
    const parsed = toCidr(cidr);
    const [lo, hi] = cidrToHalfOpen(parsed);
    return new AddressSet(checkFamily(parsed.family), [lo, hi]);
  }

  static fromCidrs(family: IpFamily, cidrs: Iterable<Cidr | string>): AddressSet {
    checkFamily(family);
    const pairs: Array<[Boundary, Boundary]> = [];
    for (const entry of cidrs) {
      const parsed = toCidr(entry);
      if (parsed.family !== family) {
        const shown = typeof entry === 'string' ? entry : `${formatIp(parsed.family, parsed.network)}/${parsed.prefixLength}`;
        throw new AddressError(`"${shown}" is IPv${parsed.family}, expected IPv${family}`);
      }
      pairs.push(cidrToHalfOpen(parsed));
    }
    return new AddressSet(family, fromHalfOpen(pairs));
  }

  static fromAddresses(family: IpFamily, addresses: Iterable<string>): AddressSet {
    checkFamily(family);
    const pairs: Array<[Boundary, Boundary]> = [];
    for (const text of addresses) {
      const parsed = parseIp(text);
      if (parsed === null) throw new AddressError(`"${text}" is not a valid IP address`);
      if (parsed.family !== family) throw new AddressError(`"${text}" is IPv${parsed.family}, expected IPv${family}`);
      pairs.push([internal(family, parsed.value), internal(family, parsed.value + 1n)]);
    }
    return new AddressSet(family, fromHalfOpen(pairs));
  }

  /** The union of many sets of one family in one sort-and-merge, instead of a chain of pairwise unions. */
  static unionAll(family: IpFamily, sets: Iterable<AddressSet>): AddressSet {
    checkFamily(family);
    const pairs: Array<[Boundary, Boundary]> = [];
    let only: AddressSet | null = null;
    let count = 0;
    for (const set of sets) {
      if (set.family !== family) throw new AddressError(`cannot unite an IPv${set.family} set into IPv${family} sets`);
      if (set.bounds.length === 0) continue;
      if (set.isAll()) return set;
      only = set;
      count++;
      for (let k = 0; k < set.bounds.length; k += 2) pairs.push([set.bounds[k]!, set.bounds[k + 1]!]);
    }
    if (count === 0) return AddressSet.empty(family);
    if (count === 1) return only!;
    return new AddressSet(family, fromHalfOpen(pairs));
  }

  union(other: AddressSet): AddressSet {
    this.checkSameFamily(other, 'union');
    if (other.bounds.length === 0 || this.isAll() || other === this) return this;
    if (this.bounds.length === 0 || other.isAll()) return other;
    return this.sameOr(other, combine(this.bounds, other.bounds, UNION));
  }

  intersect(other: AddressSet): AddressSet {
    this.checkSameFamily(other, 'intersect');
    if (this.bounds.length === 0 || other.isAll()) return this;
    if (other.bounds.length === 0 || this.isAll()) return other;
    if (other === this) return this;
    // A few rule CIDRs against a set of thousands of ranges: search rather than walk.
    if (this.bounds.length * 16 < other.bounds.length) return this.sameOr(other, intersectShortWithLong(this.bounds, other.bounds));
    if (other.bounds.length * 16 < this.bounds.length) return this.sameOr(other, intersectShortWithLong(other.bounds, this.bounds));
    return this.sameOr(other, combine(this.bounds, other.bounds, INTERSECTION));
  }

  subtract(other: AddressSet): AddressSet {
    this.checkSameFamily(other, 'subtract');
    if (this.bounds.length === 0 || other.bounds.length === 0) return this;
    return this.sameOr(null, combine(this.bounds, other.bounds, DIFFERENCE));
  }

  /**
   * The set with these boundaries: this set or `other` when it has them, else a new one. Results
   * that equal an operand (a union adding nothing, an intersection with a superset, a
   * subtraction of something disjoint) keep the operand's identity, so the answers and CIDR lists
   * kept per set (toCidrs, memos keyed by set) are shared instead of made again per result.
   */
  private sameOr(other: AddressSet | null, bounds: Bounds): AddressSet {
    if (sameBoundaries(bounds, this.bounds)) return this;
    if (other !== null && sameBoundaries(bounds, other.bounds)) return other;
    return new AddressSet(this.family, bounds);
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  isAll(): boolean {
    return this.bounds.length === 2 && this.bounds[0] === zeroOf(this.family) && this.bounds[1] === endOf(this.family);
  }

  equals(other: AddressSet): boolean {
    return this.family === other.family && sameBoundaries(this.bounds, other.bounds);
  }

  /** A string must be a valid address (else AddressError); one of the other family is simply not in the set. */
  has(address: bigint | string): boolean {
    let value: bigint;
    if (typeof address === 'string') {
      const parsed = parseIp(address);
      if (parsed === null) throw new AddressError(`"${address}" is not a valid IP address`);
      if (parsed.family !== this.family) return false;
      value = parsed.value;
    } else {
      value = address;
      if (value < 0n || value >= 1n << BigInt(bitsOf(this.family))) return false;
    }
    return contains(this.bounds, internal(this.family, value));
  }

  /** other ⊆ this. Mixing families throws, as in union: it can only be a programming error. */
  covers(other: AddressSet): boolean {
    this.checkSameFamily(other, 'covers');
    return isSubset(other.bounds, this.bounds);
  }

  overlaps(other: AddressSet): boolean {
    this.checkSameFamily(other, 'overlaps');
    return someWhere(this.bounds, other.bounds, INTERSECTION);
  }

  /** Inclusive [first, last] ranges, ascending, disjoint and never adjacent. */
  ranges(): ReadonlyArray<readonly [bigint, bigint]> {
    if (this.cachedRanges === undefined) {
      const out: Array<readonly [bigint, bigint]> = [];
      for (let k = 0; k < this.bounds.length; k += 2) {
        out.push(Object.freeze([toBigInt(this.bounds[k]), toBigInt(this.bounds[k + 1]) - 1n] as const));
      }
      this.cachedRanges = Object.freeze(out);
    }
    return this.cachedRanges;
  }

  size(): bigint {
    if (this.family === 4) {
      let total = 0;
      for (let k = 0; k < this.bounds.length; k += 2) total += (this.bounds[k + 1] as number) - (this.bounds[k] as number);
      return BigInt(total);
    }
    let total = 0n;
    for (let k = 0; k < this.bounds.length; k += 2) total += (this.bounds[k + 1] as bigint) - (this.bounds[k] as bigint);
    return total;
  }

  /**
   * The fewest CIDR blocks whose union is exactly this set, ascending. Computed once per set and
   * shared (frozen): findings render the same source set for every port of a cell.
   */
  toCidrs(): readonly string[] {
    if (this.cachedCidrs === undefined) {
      const out: string[] = [];
      for (let k = 0; k < this.bounds.length; k += 2) {
        if (this.family === 4) ipv4Cidrs(this.bounds[k] as number, this.bounds[k + 1] as number, out);
        else ipv6Cidrs(this.bounds[k] as bigint, this.bounds[k + 1] as bigint, out);
      }
      this.cachedCidrs = Object.freeze(out);
    }
    return this.cachedCidrs;
  }

  /** The CIDRs, comma-separated: a key for answers kept per set content. Made once per set. */
  toString(): string {
    return (this.cachedText ??= this.bounds.length === 0 ? '(none)' : this.toCidrs().join(', '));
  }

  private checkSameFamily(other: AddressSet, operation: string): void {
    if (other.family !== this.family) {
      throw new AddressError(`cannot ${operation} an IPv${this.family} set with an IPv${other.family} set`);
    }
  }
}

function checkFamily(family: IpFamily): IpFamily {
  if (family !== 4 && family !== 6) throw new AddressError(`IP family must be 4 or 6, got ${String(family)}`);
  return family;
}
