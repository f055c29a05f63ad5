import { DIFFERENCE, INTERSECTION, UNION, combine, contains, fromHalfOpen, sameBoundaries } from './boundaries.js';

// Half-open boundary list over 0..65536, the same representation as AddressSet (see boundaries.ts).
const PORT_END = 65536;

function checkPort(port: number, role: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${role} port ${port} is not an integer in 0-65535`);
  }
}

/** An immutable set of TCP/UDP ports. */
export class PortSet {
  private static readonly EMPTY = new PortSet([]);
  private static readonly ALL = new PortSet([0, PORT_END]);

  private readonly bounds: readonly number[];
  private cachedRanges: ReadonlyArray<readonly [number, number]> | undefined;

  private constructor(bounds: readonly number[]) {
    this.bounds = bounds;
  }

  static empty(): PortSet {
    return PortSet.EMPTY;
  }

  static all(): PortSet {
    return PortSet.ALL;
  }

  /** Inclusive; from > to is the empty set. Ports outside 0-65535 throw RangeError (AWS's -1 "all" must be mapped by the caller). */
  static range(from: number, to: number): PortSet {
    return PortSet.fromRanges([[from, to]]);
  }

  static fromRanges(ranges: Iterable<readonly [number, number]>): PortSet {
    const pairs: Array<[number, number]> = [];
    for (const [from, to] of ranges) {
      checkPort(from, 'from');
      checkPort(to, 'to');
      if (from <= to) pairs.push([from, to + 1]);
    }
    const bounds = fromHalfOpen(pairs);
    return bounds.length === 0 ? PortSet.EMPTY : new PortSet(bounds);
  }

  union(o: PortSet): PortSet {
    if (o.bounds.length === 0) return this;
    if (this.bounds.length === 0) return o;
    return new PortSet(combine(this.bounds, o.bounds, UNION));
  }

  intersect(o: PortSet): PortSet {
    if (this.bounds.length === 0 || o.bounds.length === 0) return PortSet.EMPTY;
    return new PortSet(combine(this.bounds, o.bounds, INTERSECTION));
  }

  subtract(o: PortSet): PortSet {
    if (this.bounds.length === 0 || o.bounds.length === 0) return this;
    return new PortSet(combine(this.bounds, o.bounds, DIFFERENCE));
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  equals(o: PortSet): boolean {
    return sameBoundaries(this.bounds, o.bounds);
  }

  has(port: number): boolean {
    return Number.isInteger(port) && contains(this.bounds, port);
  }

  size(): number {
    let total = 0;
    for (let k = 0; k < this.bounds.length; k += 2) total += this.bounds[k + 1] - this.bounds[k];
    return total;
  }

  /** Inclusive [from, to] ranges, ascending, disjoint and never adjacent. */
  ranges(): ReadonlyArray<readonly [number, number]> {
    if (this.cachedRanges === undefined) {
      const out: Array<readonly [number, number]> = [];
      for (let k = 0; k < this.bounds.length; k += 2) {
        out.push(Object.freeze([this.bounds[k], this.bounds[k + 1] - 1] as const));
      }
      this.cachedRanges = Object.freeze(out);
    }
    return this.cachedRanges;
  }

  toString(): string {
    if (this.bounds.length === 0) return '(none)';
    return this.ranges()
      .map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`))
      .join(', ');
  }
}
