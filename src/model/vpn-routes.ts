// What a VPN connection routes towards on-premises, as far as the snapshot tells.
import type { VpnConnection } from './types.js';

/**
 * The CIDRs a VPN connection routes: its static routes when it routes only those
 * (StaticRoutesOnly true — then none left means it routes nothing — or not recorded while static
 * routes are listed); null when its routes are learned over BGP and so are not in the snapshot.
 */
export function vpnRoutedCidrs(vpn: VpnConnection): readonly string[] | null {
  if (vpn.staticRoutesOnly === true) return vpn.staticRoutes;
  if (vpn.staticRoutesOnly === false) return null;
  return vpn.staticRoutes.length > 0 ? vpn.staticRoutes : null;
}
