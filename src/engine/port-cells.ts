// The port axis split at every rule boundary that matters: within a cell every rule either
// covers all of it or none of it, so one address-set computation serves the whole cell.
import type { PortRange } from '../model/types.js';

export interface PortCell<T> {
  readonly ports: readonly [number, number];
  readonly value: T;
}

/** Cells covering [from, to], split wherever one of `ranges` starts or ends. */
export function splitPorts(ranges: Iterable<PortRange | null>, from = 0, to = 65535): (readonly [number, number])[] {
  const starts = new Set<number>([from]);
  for (const range of ranges) {
    if (range === null) continue;
    if (range[0] > from && range[0] <= to) starts.add(range[0]);
    if (range[1] + 1 > from && range[1] + 1 <= to) starts.add(range[1] + 1);
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((start, i) => [start, i + 1 < sorted.length ? sorted[i + 1]! - 1 : to] as const);
}

export function coversCell(range: PortRange | null, cell: readonly [number, number]): boolean {
  return range === null || (range[0] <= cell[0] && cell[1] <= range[1]);
}

/** Two partitions of the same port span laid over each other. */
export function overlayCells<A, B>(a: readonly PortCell<A>[], b: readonly PortCell<B>[]): PortCell<[A, B]>[] {
  const out: PortCell<[A, B]>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const from = Math.max(x.ports[0], y.ports[0]);
    const to = Math.min(x.ports[1], y.ports[1]);
    if (from <= to) out.push({ ports: [from, to], value: [x.value, y.value] });
    if (x.ports[1] < y.ports[1]) i++;
    else if (y.ports[1] < x.ports[1]) j++;
    else {
      i++;
      j++;
    }
  }
  return out;
}
