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
import { joinedInChunks, text } from './markup.js';
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


/**
 * One picture per distinct path (senders, IP version and steps); findings point at it by id. The
 * pictures are drawn when written, from the first finding that takes each path.
 */
function sharedPictures(findings: readonly Finding[]): { pathIds: string[]; drawn: Finding[] } {
  const ids = new Map<string, string>();
  const drawn: Finding[] = [];
  const pathIds = findings.map((f) => {
    const key = JSON.stringify([f.reachabilityType, f.ipVersion, f.networkPath.map((s) => [s.componentType, s.componentId, s.rule ?? ''])]);
    let id = ids.get(key);
    if (id === undefined) {
      id = `path-${ids.size}`;
      ids.set(key, id);
      drawn.push(f);
    }
    return id;
  });
  return { pathIds, drawn };
}

/**
 * A picture as a data block, which the page's script copies into a finding when it is opened. A
 * browser reads a data block's text without parsing it (a <template>'s content is parsed into
 * elements: on a page of 15,850 findings and 13,589 pictures, 6 of the 18.6 s chromium took to
 * open it). The block can't end early: every value in the picture went through `text()`, so the
 * markup holds no `<` but its own tags, none of them `</script` or `<!--`.
 */
function pictureBlock(f: Finding, index: number): string {
  return `<script type="text/plain" id="path-${index}">${pathPicture(f.reachabilityType, f.ipVersion, f.networkPath)}</script>`;
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

function* findingsSection(report: AssessmentReport): Generator<string> {
  const heading = `<h2 id="findings-heading">Findings (${report.findings.length})</h2>`;
  if (report.findings.length === 0) {
    yield `${heading}<p>${text(noFindingsNote(report.assessment))}</p>`;
    return;
  }
  const instances = new Map(report.assessment.instances.map((i) => [i.instanceId, i]));
  const { pathIds, drawn } = sharedPictures(report.findings);
  yield (
    `${heading}<p class="no-js-note">With JavaScript on, the table sorts and filters, and each finding opens to a picture of its path.</p>` +
    `${filters(report)}<table id="findings" aria-labelledby="findings-heading">${tableHead()}\n`
  );
  yield* joinedInChunks(report.findings, (f, i) => findingBody(f, i, instances.get(f.instanceId), pathIds[i]!), '\n', 128);
  yield '\n</table>\n<button type="button" id="show-more" hidden></button>\n';
  yield* joinedInChunks(drawn, pictureBlock, '\n', 128);
}

/**
 * The whole page in chunks of about a MiB, so that an estate's page may be longer than one string
 * can be. The same report gives the same bytes (no clock: the snapshot's time is shown).
 */
export function* htmlChunks(report: AssessmentReport): Generator<string> {
  const a = report.assessment;
  yield [
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
    sizeBanner(report),
    '</header>',
    '<main>',
    '',
  ].join('\n');
  yield* findingsSection(report);
  yield `\n<h2>Exposure by instance (${a.instances.length})</h2>\n`;
  yield* instanceExposure(a.instances, report.findings);
  yield [
    '',
    coverageSection(a),
    '</main>',
    '<footer>Generated by netreach from the snapshot alone: no packet was sent.</footer>',
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Findings past which a page is slow to open: the 10,000-instance bench estate's page of 15,850
 * findings takes chromium 12 s, and the 100,000-instance one's (169,697) had not opened after
 * 6 minutes at 12 GB.
 */
export const HTML_FINDINGS_AT_EASE = 20_000;

/** A line for the user when the page has more findings than a browser opens at ease; else null. */
export function htmlPageNote(report: AssessmentReport): string | null {
  const total = report.findings.length;
  if (total <= HTML_FINDINGS_AT_EASE) return null;
  const by = report.assessment.counts.findings.bySeverity;
  const narrower = [
    ['low', by.High + by.Medium + by.Low],
    ['medium', by.High + by.Medium],
  ] as const;
  const ways = narrower.filter(([, n]) => n < total).map(([level, n]) => `--min-severity ${level} keeps ${n}`);
  return (
    `the HTML page holds ${total} findings, and browsers take minutes to open a page that size, if they can` +
    (ways.length === 0 ? '' : `: ${ways.join(', ')}`) +
    '; JSON, CSV and SARIF suit every finding of an estate'
  );
}

/** The same note at the top of the page, which a browser shows while it is still reading the rest. */
function sizeBanner(report: AssessmentReport): string {
  const note = htmlPageNote(report);
  return note === null ? '' : `<p class="size-note" role="note">${text(`${note[0]!.toUpperCase()}${note.slice(1)}.`)}</p>`;
}

/** The whole page as one string (a page longer than V8's longest string needs `htmlChunks`). */
export function renderHtml(report: AssessmentReport): string {
  return [...htmlChunks(report)].join('');
}
