// Address plans: each VPC a /18 of 10.0.0.0/8 (1,024 of them before they repeat, as unpeered
// VPCs of big organisations do), each subnet a /22 of its VPC, IPv6 as AWS hands it out
// (a /56 per VPC, a /64 per subnet).

export function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const TEN = 10 << 24;

export function vpcBase(vpcIndex: number): number {
  return (TEN + (vpcIndex % 1024) * (1 << 14)) >>> 0;
}

export function subnetBase(vpcIndex: number, subnetIndex: number): number {
  return (vpcBase(vpcIndex) + (subnetIndex % 16) * (1 << 10)) >>> 0;
}

export function vpcIpv6(vpcIndex: number): string {
  return `2600:1f18:${(0x4000 + vpcIndex).toString(16)}:${(vpcIndex & 0xff).toString(16)}00::/56`;
}

export function subnetIpv6(vpcIndex: number, subnetIndex: number): string {
  return `2600:1f18:${(0x4000 + vpcIndex).toString(16)}:${(((vpcIndex & 0xff) << 8) + subnetIndex).toString(16)}::/64`;
}

/** The n-th host address of a subnet's IPv6 /64. */
export function subnetIpv6Host(vpcIndex: number, subnetIndex: number, host: number): string {
  return subnetIpv6(vpcIndex, subnetIndex).replace('::/64', `::${(0x1000 + host).toString(16)}`);
}

/** Public addresses from 3.80.0.0/12 (an EC2 range in us-east-1), one per call. */
export class PublicAddressPool {
  private next = (3 << 24) + (80 << 16) + 10;

  take(): string {
    return ipv4(this.next++);
  }
}

export function dnsName(address: string): string {
  return `ip-${address.replace(/\./g, '-')}.ec2.internal`;
}

export function publicDnsName(address: string): string {
  return `ec2-${address.replace(/\./g, '-')}.compute-1.amazonaws.com`;
}
