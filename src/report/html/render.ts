// `--format html`: one self-contained page. Everything is inline and the Content-Security-Policy
// forbids every fetch, so the file can be mailed around and opened offline without leaking that
// it was opened; the script runs only because its hash is in the policy.
import { createHash } from 'node:crypto';
import type { Finding } from '../../findings/finding.js';
import { RULE_TYPES } from '../../findings/finding.js';
import { SEVERITIES } from '../../findings/severity.js';
import { REACHABILITY_TYPES } from '../../engine/types.js';
import type { AssessmentReport } from '../assessment.js';
import { assessmentFacts, coverageSection, gapBanner, noFindingsNote, severityCounts } from './assessment-summary.js';
import { findingBody, tableHead } from './findings-table.js';
import { instanceExposure } from './instance-exposure.js';
import { text } from './markup.js';
import { pathPicture } from './path-picture.js';
import { EARLY_SCRIPT, PAGE_SCRIPT } from './page-script.js';
import { EARLY_ROWS_STYLE, PAGE_STYLE } from './page-style.js';

function sha256(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(PAGE_STYLE)} ${sha256(EARLY_ROWS_STYLE)}`,
  `script-src ${sha256(EARLY_SCRIPT)} ${sha256(PAGE_SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');


/** One picture per distinct path (senders, IP version and steps); findings point at it by id. */
function sharedPictures(findings: readonly Finding[]): { pathIds: string[]; templates: string } {
  const ids = new Map<string, string>();
  const templates: string[] = [];
  const pathIds = findings.map((f) => {
    const key = JSON.stringify([f.reachabilityType, f.ipVersion, f.networkPath.map((s) => [s.componentType, s.componentId, s.rule ?? ''])]);
    let id = ids.get(key);
    if (id === undefined) {
      id = `path-${ids.size}`;
      ids.set(key, id);
      templates.push(`<template id="${id}">${pathPicture(f.reachabilityType, f.ipVersion, f.networkPath)}</template>`);
    }
    return id;
  });
  return { pathIds, templates: templates.join('\n') };
}

function filters(report: AssessmentReport): string {
  const counts = report.assessment.counts.findings;
  const severities = SEVERITIES.map(
    (s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s} (${counts.bySeverity[s]})</label>`,
  ).join('');
  const present = <T extends string>(all: readonly T[], of: (f: Finding) => T): T[] => all.filter((v) => report.findings.some((f) => of(f) === v));
  const options = (values: readonly string[]): string => ['<option value="">any</option>', ...values.map((v) => `<option value="${v}">${v}</option>`)].join('');
  return (
    `<div class="filters" role="search" aria-label="Filter findings">` +
    `<fieldset><legend>Severity</legend>${severities}</fieldset>` +
    `<label>Reachable from <select id="filter-reach">${options(present(REACHABILITY_TYPES, (f) => f.reachabilityType))}</select></label>` +
    `<label>Rule type <select id="filter-rule">${options(present(RULE_TYPES, (f) => f.ruleType))}</select></label>` +
    `<label>Search <input type="search" id="filter-text" placeholder="id, Name, port, CIDR, rule…" autocomplete="off"></label>` +
    `<span id="shown-count" aria-live="polite">${report.findings.length} of ${report.findings.length} findings shown</span></div>`
  );
}

function findingsSection(report: AssessmentReport): string {
  const heading = `<h2 id="findings-heading">Findings (${report.findings.length})</h2>`;
  if (report.findings.length === 0) return `${heading}<p>${text(noFindingsNote(report.assessment))}</p>`;
  const instances = new Map(report.assessment.instances.map((i) => [i.instanceId, i]));
  const { pathIds, templates } = sharedPictures(report.findings);
  const bodies = report.findings.map((f, i) => findingBody(f, i, instances.get(f.instanceId), pathIds[i]!)).join('\n');
  return (
    `${heading}<p class="no-js-note">With JavaScript on, the table sorts and filters, and each finding opens to a picture of its path.</p>` +
    `${filters(report)}<table id="findings" aria-labelledby="findings-heading">${tableHead()}\n${bodies}\n</table>\n<button type="button" id="show-more" hidden></button>\n${templates}`
  );
}

/** The whole page; the same report gives the same bytes (no clock: the snapshot's time is shown). */
export function renderHtml(report: AssessmentReport): string {
  const a = report.assessment;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>netreach: ${text(a.snapshot)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    `<style id="early-rows">${EARLY_ROWS_STYLE}</style>`,
    `<script>${EARLY_SCRIPT}</script>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>netreach network reachability report</h1>`,
    assessmentFacts(a),
    severityCounts(a),
    gapBanner(a),
    '</header>',
    '<main>',
    findingsSection(report),
    `<h2>Exposure by instance (${a.instances.length})</h2>`,
    instanceExposure(a.instances, report.findings),
    coverageSection(a),
    '</main>',
    '<footer>Generated by netreach from the snapshot alone: no packet was sent.</footer>',
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
