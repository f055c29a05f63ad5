// A finding's network path as an inline SVG: the senders, then a box per component with its
// CloudFormation type, id and the rules that let the traffic pass, joined by arrows. Colours come
// from the page's stylesheet (classes only), so one picture can be shared by many findings.
import type { PathStep, ReachabilityType } from '../../engine/types.js';
import type { IpVersion } from '../../findings/finding.js';
import { componentName, pathPhrase } from '../../findings/wording.js';
import { BOX_WIDTH, BOXES_PER_ROW, layoutPath, ROW_GAP, type PathBox, type PathComponent } from './path-layout.js';
import { text } from './markup.js';

const SENDERS: Readonly<Record<ReachabilityType, string>> = {
  Internet: 'the internet',
  VGW: 'on-premises (VPN or Direct Connect)',
  PeeredVpc: 'a peered VPC',
  TransitGateway: 'a transit gateway attachment',
};

/** Box colour by what a component does to traffic. */
function boxClass(componentType: string): string {
  if (componentType === 'Senders') return 'senders';
  if (/Gateway|PeeringConnection|VPNConnection|VirtualInterface|TransitGatewayAttachment|TransitGatewayVpcAttachment/.test(componentType)) return 'gateway';
  if (/RouteTable/.test(componentType)) return 'route';
  if (/NetworkAcl/.test(componentType)) return 'nacl';
  if (/SecurityGroup/.test(componentType)) return 'sg';
  if (/ElasticLoadBalancing/.test(componentType)) return 'lb';
  return 'target';
}

function boxTitle(box: PathBox): string {
  const name = box.componentType === 'Senders' ? 'senders' : componentName(box.componentType);
  const rules = box.rules.length === 0 ? '' : `: ${box.rules.join('; ')}`;
  return `${name} ${box.componentId}${rules}`;
}

function boxSvg(box: PathBox): string {
  const lines = box.lines.map((l) => `<text class="${l.kind}" x="8" y="${l.y}">${text(l.text)}</text>`).join('');
  // A nested <svg> clips what it holds, so no text can spill out of its box whatever the font.
  return (
    `<svg class="box ${boxClass(box.componentType)}" x="${box.x}" y="${box.y}" width="${BOX_WIDTH}" height="${box.height}">` +
    `<title>${text(boxTitle(box))}</title><rect x="0.5" y="0.5" width="${BOX_WIDTH - 1}" height="${box.height - 1}" rx="4"/>${lines}</svg>`
  );
}

const HEAD = 6;

function arrowHead(x: number, y: number, direction: 'right' | 'down'): string {
  const points = direction === 'right' ? [[x, y], [x - HEAD, y - HEAD / 2], [x - HEAD, y + HEAD / 2]] : [[x, y], [x - HEAD / 2, y - HEAD], [x + HEAD / 2, y - HEAD]];
  return `<polygon class="head" points="${points.map((p) => p.join(',')).join(' ')}"/>`;
}

/** Right along a row; from the end of a full row down, back left and down into the next row's first box. */
function arrowSvg(from: PathBox, to: PathBox, index: number): string {
  if ((index + 1) % BOXES_PER_ROW !== 0) {
    const y = from.y + 20;
    return `<path class="edge" d="M${from.x + BOX_WIDTH} ${y}H${to.x - 1}"/>${arrowHead(to.x, y, 'right')}`;
  }
  const startX = from.x + BOX_WIDTH / 2;
  const endX = to.x + BOX_WIDTH / 2;
  const turnY = to.y - ROW_GAP / 2;
  return `<path class="edge" d="M${startX} ${from.y + from.height}V${turnY}H${endX}V${to.y - 1}"/>${arrowHead(endX, to.y, 'down')}`;
}

export function sendersOf(reachabilityType: ReachabilityType, ipVersion: IpVersion): PathComponent {
  return { componentType: 'Senders', componentId: SENDERS[reachabilityType], rules: ipVersion === 6 ? ['over IPv6'] : [] };
}

/** The picture, with a title and description for screen readers. */
export function pathPicture(reachabilityType: ReachabilityType, ipVersion: IpVersion, steps: readonly PathStep[]): string {
  const senders = sendersOf(reachabilityType, ipVersion);
  const layout = layoutPath(senders, steps);
  const arrows = layout.boxes.slice(1).map((to, i) => arrowSvg(layout.boxes[i]!, to, i)).join('');
  const label = `Network path from ${senders.componentId}${ipVersion === 6 ? ' over IPv6' : ''}`;
  return (
    `<svg class="path-picture" role="img" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">` +
    `<title>${text(label)}</title><desc>${text(pathPhrase(steps))}</desc>${arrows}${layout.boxes.map(boxSvg).join('')}</svg>`
  );
}

