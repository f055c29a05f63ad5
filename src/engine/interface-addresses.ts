// The addresses an interface owns: its private IPv4 and IPv6 addresses and every address of its
// delegated prefixes (prefix delegation, as EKS uses for pods: "assigned to the interface").
import type { NetworkInterface } from '../model/types.js';
import { AddressSet, formatIp, parseCidr, parseIp } from '../net/index.js';

/** Private IPv4 addresses and IPv4 prefixes (CIDRs), as the engine's destination lists hold them. */
export function ipv4Destinations(eni: NetworkInterface): string[] {
  return [...eni.privateIps, ...eni.ipv4Prefixes];
}

/** IPv6 addresses and IPv6 prefixes (CIDRs). */
export function ipv6Destinations(eni: NetworkInterface): string[] {
  return [...eni.ipv6Addresses, ...eni.ipv6Prefixes];
}

/** Whether `address` is one of the interface's, directly or inside a delegated prefix (false for what is no address). */
export function ownsAddress(eni: NetworkInterface, address: string): boolean {
  if (eni.privateIps.includes(address) || eni.ipv6Addresses.includes(address)) return true;
  const prefixes = address.includes(':') ? eni.ipv6Prefixes : eni.ipv4Prefixes;
  if (prefixes.length === 0 || parseIp(address) === null) return false;
  return prefixes.some((prefix) => AddressSet.fromCidr(prefix).has(address));
}

/** The interface's IPv6 address for a flow that names none: its first address, else its first delegated prefix's first address. */
export function firstIpv6Address(eni: NetworkInterface): string | undefined {
  const address = eni.ipv6Addresses[0];
  if (address !== undefined) return address;
  const prefix = eni.ipv6Prefixes[0] === undefined ? null : parseCidr(eni.ipv6Prefixes[0]);
  return prefix === null ? undefined : formatIp(6, prefix.network);
}

/** Whether the interface has any IPv6 address, directly or in a delegated prefix. */
export function hasIpv6(eni: NetworkInterface): boolean {
  return eni.ipv6Addresses.length > 0 || eni.ipv6Prefixes.length > 0;
}
