// The findings table, rendered in full on the server so that it reads with JavaScript off: one
// <tbody> per finding (its summary row and its detail row move together when the script sorts),
// data-* attributes for the script's filters, and a placeholder where the shared path picture goes.
import type { Finding } from '../../findings/finding.js';
import type { AssessedInstance } from '../assessment.js';
import { text } from './markup.js';
import { listenerLabel, portsLabel, portsSortKey, reachabilityLabel, sendersLabel, serviceLabel, viaLabel } from './finding-labels.js';

export const FINDING_COLUMNS: readonly string[] = ['Severity', 'Rule type', 'Instance', 'Port', 'Service', 'Reachable from', 'Senders', 'Security groups'];

function cell(value: string, options: { sort?: string | number; className?: string; title?: string } = {}): string {
  const attributes = [
    options.className === undefined ? '' : ` class="${options.className}"`,
    options.sort === undefined ? '' : ` data-sort="${text(options.sort)}"`,
    options.title === undefined ? '' : ` title="${text(options.title)}"`,
  ].join('');
  return `<td${attributes}>${value}</td>`;
}

function instanceCell(f: Finding, instance: AssessedInstance | undefined): string {
  const name = instance?.name ?? null;
  const label = name === null || name === '' ? '' : ` <span class="name">${text(name)}</span>`;
  return cell(`<span class="id">${text(f.instanceId)}</span>${label}`, { sort: `${f.instanceId} ${name ?? ''}` });
}

function summaryRow(f: Finding, index: number, instance: AssessedInstance | undefined): string {
  const senders = sendersLabel(f.sources);
  return (
    `<tr class="summary">` +
    `<td class="toggle"><button type="button" class="expand" aria-expanded="false" aria-controls="detail-${index}" aria-label="Details of finding ${text(f.id)}"></button></td>` +
    cell(`<span class="sev sev-${f.severity.toLowerCase()}">${f.severity}</span>`, { sort: f.numericSeverity }) +
    cell(text(f.ruleType)) +
    instanceCell(f, instance) +
    cell(text(portsLabel(f)), { sort: portsSortKey(f), className: 'ports', title: portsLabel(f) }) +
    cell(text(serviceLabel(f))) +
    cell(`${text(reachabilityLabel(f))}<span class="via id" title="${text(f.via.id)}">${text(viaLabel(f.via))}</span>`, {
      sort: `${reachabilityLabel(f)} ${viaLabel(f.via)}`,
    }) +
    cell(text(senders), { className: 'senders', title: senders, sort: senders }) +
    cell(f.securityGroupIds.map((g) => `<span class="id">${text(g)}</span>`).join(' ')) +
    `</tr>`
  );
}

function fact(term: string, value: string): string {
  return `<dt>${term}</dt><dd>${value}</dd>`;
}

function detailRow(f: Finding, index: number, pathId: string): string {
  const facts = [
    fact('Finding', `<span class="id">${text(f.id)}</span>`),
    fact('Interface', `<span class="id">${text(f.networkInterfaceId)}</span> in <span class="id">${text(f.subnetId)}</span>, <span class="id">${text(f.vpcId)}</span>`),
    fact('Network ACL', f.aclId === null ? 'not in the snapshot: its checks were skipped' : `<span class="id">${text(f.aclId)}</span>`),
    fact('Entry point', `<span class="id">${text(viaLabel(f.via))}</span>${'listenerPort' in f.via ? ` (<span class="id">${text(f.via.id)}</span>)` : ''}`),
    fact('Senders', `${text(sendersLabel(f.sources))} <span class="muted">(${f.sources.length} CIDR${f.sources.length === 1 ? '' : 's'} merged)</span>`),
    fact('Listener', text(listenerLabel(f))),
  ].join('');
  return (
    `<tr class="detail" id="detail-${index}"><td colspan="${FINDING_COLUMNS.length + 1}"><div class="detail-body">` +
    `<p class="finding-title">${text(f.title)}</p>` +
    `<dl class="facts">${facts}</dl>` +
    `<p><strong>Description.</strong> ${text(f.description)}</p>` +
    `<p><strong>Recommendation.</strong> ${text(f.recommendation)}</p>` +
    `<figure class="path" data-path="${pathId}"><figcaption>Path, with the rule that lets the traffic pass at each step</figcaption></figure>` +
    `</div></td></tr>`
  );
}

export function findingBody(f: Finding, index: number, instance: AssessedInstance | undefined, pathId: string): string {
  return (
    `<tbody class="finding" data-index="${index}" data-severity="${f.severity}" data-reach="${text(f.reachabilityType)}" data-rule="${text(f.ruleType)}">` +
    summaryRow(f, index, instance) +
    detailRow(f, index, pathId) +
    `</tbody>`
  );
}

export function tableHead(): string {
  const headers = FINDING_COLUMNS.map(
    (name, i) => `<th scope="col" aria-sort="${i === 0 ? 'descending' : 'none'}"><button type="button" class="sort" data-column="${i + 1}">${name}</button></th>`,
  );
  return `<thead><tr><th scope="col"><span class="visually-hidden">Details</span></th>${headers.join('')}</tr></thead>`;
}
