// The address a socket is bound to, written the way listener data holds it (SPEC §1): an
// IPv4-mapped IPv6 bind (::ffff:a.b.c.d) is the IPv4 address it accepts, and `::` stays `::`
// (a dual-stack socket, which listener matching counts for IPv4 and IPv6).
import { formatIp, parseIp, type IpFamily } from '../net/index.js';

const IPV4_MAPPED_PREFIX = 0xffffn;

export function boundAddress(family: IpFamily, value: bigint): string {
  if (family === 6 && value >> 32n === IPV4_MAPPED_PREFIX) return formatIp(4, value & 0xffffffffn);
  return formatIp(family, value);
}

/** "[::ffff:127.0.0.1]", "127.0.0.53%lo", "[fe80::1%12]" → the bound address; null when not an address. */
export function boundAddressFromText(text: string): string | null {
  let address = text;
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  // A zone or interface suffix (ss: 127.0.0.53%lo; Windows: fe80::1%12) is not part of the address.
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  const ip = parseIp(address);
  return ip === null ? null : boundAddress(ip.family, ip.value);
}

export function isLoopbackAddress(address: string): boolean {
  const ip = parseIp(address);
  if (ip === null) return false;
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
