// "address:port" as ss and netstat print a local socket: 0.0.0.0:22, [::]:135, *:22,
// 127.0.0.53%lo:53, [fe80::1%12]:1900, and old ss's unbracketed :::22.
import { boundAddressFromText } from './bound-address.js';

export interface HostPort {
  readonly address: string;
  readonly port: number;
}

/**
 * The bound address and port, or null when `text` is not a local socket address. `wildcard` is
 * what a bare `*` (bound to no address) stands for, which depends on the tool that wrote it.
 */
export function parseHostPort(text: string, wildcard: string | null = null): HostPort | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return null;
  const host = text.slice(0, colon).replace(/%[^\]]*$/, '');
  const address = host === '*' ? wildcard : boundAddressFromText(host);
  return address === null ? null : { address, port: Number(portText) };
}
