// IP address and CIDR text <-> numbers. Parsing is strict because these strings come from AWS
// APIs, Terraform plans and users, and a lenient parser turns typos into wrong reachability.

export type IpFamily = 4 | 6;

export interface Cidr {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly prefixLength: number;
}

export class AddressError extends Error {
  override readonly name = 'AddressError';
}

export function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

// "0" or 1-3 digits without a leading zero: "010" is octal to inet_aton but decimal to others,
// so AWS and most modern parsers reject it, and so do we.
const IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): number | null {
  const m = IPV4.exec(text);
  if (m === null) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** Parses hex groups of one side of "::"; an embedded IPv4 address may only end the address. */
function parseGroups(text: string, mayEndWithIpv4: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (mayEndWithIpv4 && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === null) return null;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  // The longest valid form is 45 characters ("ffff:...:ffff:255.255.255.255"); this also keeps
  // pathological inputs from reaching split().
  if (text.length > 45) return null;
  const gap = text.indexOf('::');
  let groups: number[];
  if (gap === -1) {
    const all = parseGroups(text, true);
    if (all === null || all.length !== 8) return null;
    groups = all;
  } else {
    if (text.indexOf('::', gap + 1) !== -1) return null;
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    // RFC 4291 2.2: "::" stands for one or more zero groups, so at most 7 may be written.
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

export function parseIp(text: string): { family: IpFamily; value: bigint } | null {
  if (typeof text !== 'string') return null;
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    return v6 === null ? null : { family: 6, value: v6 };
  }
  const v4 = parseIpv4(text);
  return v4 === null ? null : { family: 4, value: BigInt(v4) };
}

/** IPv4 as a number: the set algebra keeps IPv4 in doubles, which hold 0..2^32 exactly. */
export function formatIpv4Number(value: number): string {
  return `${Math.floor(value / 16777216)}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // RFC 5952 5: IPv4-mapped addresses (::ffff:0:0/96) are recognizable from the bits alone, so
  // they are written in mixed notation.
  if (value >> 32n === 0xffffn) {
    return `::ffff:${formatIpv4Number(Number(value & 0xffffffffn))}`;
  }
  // RFC 5952 4.2: compress the longest run of two or more zero groups, the first on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatIp(family: IpFamily, value: bigint): string {
  const limit = 1n << BigInt(bitsOf(family));
  if (value < 0n || value >= limit) throw new AddressError(`${value} is not an IPv${family} address`);
  return family === 4 ? formatIpv4Number(Number(value)) : formatIpv6(value);
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;

/** The network address of value/prefixLength (host bits cleared). */
export function maskToPrefix(family: IpFamily, value: bigint, prefixLength: number): bigint {
  const hostBits = BigInt(bitsOf(family) - prefixLength);
  return (value >> hostBits) << hostBits;
}

export function parseCidr(text: string): Cidr | null {
  if (typeof text !== 'string') return null;
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (address === null) return null;
  const bits = bitsOf(address.family);
  let prefixLength = bits;
  if (slash !== -1) {
    const m = PREFIX.exec(text.slice(slash + 1));
    if (m === null) return null;
    prefixLength = Number(m[1]);
    if (prefixLength > bits) return null;
  }
  // Host bits are cleared rather than rejected: AWS accepts "10.0.0.5/24" in security group
  // rules and stores it as 10.0.0.0/24.
  return { family: address.family, network: maskToPrefix(address.family, address.value, prefixLength), prefixLength };
}

/** Two addresses (or networks) of one family in numeric order, for sort. */
export function compareAddresses(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.family, c.network)}/${c.prefixLength}`;
}

export function familyOf(text: string): IpFamily | null {
  return parseCidr(text)?.family ?? null;
}
