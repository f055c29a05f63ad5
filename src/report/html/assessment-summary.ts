// The top of the report: what was assessed and when the snapshot was taken, the counts by
// severity, and the coverage gaps, always in view: a gap means findings may be missing, and an
// empty table must never read as "safe" while the snapshot lacked data.
import { SEVERITIES } from '../../findings/severity.js';
import type { Assessment } from '../assessment.js';
import { count } from '../table.js';
import { text } from './markup.js';

export function assessmentFacts(a: Assessment): string {
  const c = a.counts;
  const collected = a.collectedAt === null ? 'collection time unknown' : `collected <time datetime="${text(a.collectedAt)}">${text(a.collectedAt)}</time>`;
  const onprem = a.options.onpremCidrs === null ? '' : `; on-premises CIDRs ${text(a.options.onpremCidrs.join(', '))}`;
  return (
    `<p class="facts-line">Snapshot <span class="id">${text(a.snapshot)}</span>, ${collected}. ` +
    `${count(c.vpcs, 'VPC')}, ${count(c.subnets, 'subnet')}, ${c.instances.analysed} of ${count(c.instances.running, 'running instance')} analysed, ` +
    `${count(c.networkInterfaces, 'network interface')}, ${count(c.loadBalancers, 'load balancer')}, ${count(c.files, 'file')} read.</p>` +
    `<p class="facts-line muted">Findings at or above ${a.options.minSeverity}; ephemeral ports ${a.options.ephemeralPorts[0]}-${a.options.ephemeralPorts[1]}${onprem}.</p>`
  );
}

export function severityCounts(a: Assessment): string {
  const cards = SEVERITIES.map(
    (s) => `<li class="count sev-card-${s.toLowerCase()}"><span class="n">${a.counts.findings.bySeverity[s]}</span> ${s}</li>`,
  );
  const gaps = a.coverage.length;
  cards.push(`<li class="count ${gaps > 0 ? 'gap-card' : 'no-gap-card'}"><a href="#coverage"><span class="n">${gaps}</span> coverage ${gaps === 1 ? 'gap' : 'gaps'}</a></li>`);
  return `<ul class="counts" aria-label="Findings by severity">${cards.join('')}</ul>`;
}

function gapRow(note: Assessment['coverage'][number]): string {
  return (
    `<tr><td><span class="id">${text(note.resourceType)}</span></td><td><span class="id">${text(note.resourceId)}</span></td>` +
    `<td>${text(note.reason)}</td><td><span class="id">${note.file === null ? '' : text(note.file)}</span></td></tr>`
  );
}

export function coverageSection(a: Assessment): string {
  const heading = `<h2 id="coverage">Coverage gaps (${a.coverage.length})</h2>`;
  const warnings =
    a.warnings.length === 0
      ? ''
      : `<h3>Warnings (${a.warnings.length})</h3><ul class="warnings">${a.warnings.map((w) => `<li>${text(w)}</li>`).join('')}</ul>`;
  if (a.coverage.length === 0) {
    return `${heading}<p>None: the snapshot held the data every analysed path needs.</p>${warnings}`;
  }
  return (
    `${heading}<p class="gap-note">The snapshot lacked data for these resources: what they would expose was analysed in part or not at all, ` +
    `so findings may be missing for them.</p>` +
    `<table class="gaps"><thead><tr><th scope="col">Resource type</th><th scope="col">Resource</th><th scope="col">Reason</th><th scope="col">File</th></tr></thead>` +
    `<tbody>${a.coverage.map(gapRow).join('')}</tbody></table>${warnings}`
  );
}

/** Under the counts when there are gaps, so nobody reads a short list as the whole story. */
export function gapBanner(a: Assessment): string {
  if (a.coverage.length === 0) return '';
  return (
    `<p class="gap-banner" role="note"><strong>${count(a.coverage.length, 'coverage gap')}:</strong> parts of the estate were not analysed in full; ` +
    `findings may be missing. <a href="#coverage">See the list</a>.</p>`
  );
}

/** What the findings table says when it is empty, honest about gaps. */
export function noFindingsNote(a: Assessment): string {
  const base = `No findings at or above ${a.options.minSeverity} severity`;
  return a.coverage.length === 0 ? `${base}.` : `${base} among what could be analysed: ${count(a.coverage.length, 'coverage gap')} listed below.`;
}
