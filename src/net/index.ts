export { AddressError, compareAddresses, familyOf, formatCidr, formatIp, parseCidr, parseIp } from './address.js';
export type { Cidr, IpFamily } from './address.js';
export { AddressSet } from './address-set.js';
export { PortSet } from './port-set.js';
