// The human report for an 80-column terminal: findings grouped by severity then instance, one
// line each with the rule, port, service and entry point, then the senders and the path.
import type { PathStep, Via } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import { SEVERITIES } from '../findings/severity.js';
import { portRangesPhrase, sourcesForPeople } from '../findings/wording.js';
import { familyOf } from '../net/index.js';
import { compareText } from '../model/compare-text.js';
import { printable } from '../model/printable.js';
import type { AssessmentReport, BaselineSummary } from './assessment.js';

export const TABLE_WIDTH = 80;
const ROW_INDENT = '  ';
const DETAIL_INDENT = '      ';
const MIN_SERVICE_WIDTH = 10;
const SHOWN_GAPS = 3;
const GAP_LINES = 2;

/** Cut to `width` columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** Word-wrapped to TABLE_WIDTH, at most `maxLines` lines, the last one truncated if need be. */
export function wrapWords(text: string, firstIndent: string, nextIndent: string, maxLines: number): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let rest: string[] = text.split(' ');
  while (rest.length > 0 && lines.length < maxLines - 1) {
    const word = rest[0];
    const atStart = line.trim() === '';
    const candidate = atStart ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > TABLE_WIDTH && !atStart) {
      lines.push(truncate(line, TABLE_WIDTH));
      line = nextIndent;
      continue;
    }
    line = candidate;
    rest = rest.slice(1);
  }
  if (rest.length > 0) line = line.trim() === '' ? `${line}${rest.join(' ')}` : `${line} ${rest.join(' ')}`;
  lines.push(truncate(line, TABLE_WIDTH));
  return lines;
}

function pad(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/** "web" for an LB or target group ARN, the id itself otherwise. */
export function shortId(id: string): string {
  if (!id.startsWith('arn:')) return id;
  const resource = id.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] === 'loadbalancer' && parts.length >= 3) return parts[2];
  if (parts[0] === 'targetgroup' && parts.length >= 2) return parts[1];
  return parts[parts.length - 1];
}

function viaLabel(via: Via): string {
  return 'listenerPort' in via ? `${via.type} ${shortId(via.id)}:${via.listenerPort}` : via.id;
}

export function fromLabel(f: Finding): string {
  return `${f.reachabilityType}${f.ipVersion === 6 ? ' IPv6' : ''} ${viaLabel(f.via)}`;
}


export function portLabel(f: Finding): string {
  if (f.protocol !== null && f.port !== null) return `${f.protocol.toUpperCase()} ${f.port}`;
  const protocols = [(f.tcpPorts ?? []).length > 0 ? 'TCP' : '', (f.udpPorts ?? []).length > 0 ? 'UDP' : ''];
  return protocols.filter((p) => p !== '').join('+');
}

export function serviceLabel(f: Finding): string {
  if (f.ruleType === 'NetworkExposure') return f.securityGroupIds.join(',');
  return f.portGroupName ?? f.listener?.process?.name ?? '';
}

/** As many CIDRs as fit, then how many more there are; "everything except …" when that is shorter. */
export function sourcesLine(sources: readonly string[], width: number): string {
  const shown = sourcesForPeople(sources);
  const head = shown.except ? `from ${familyOf(sources[0] ?? '') === 6 ? '::/0' : '0.0.0.0/0'} except ` : 'from ';
  const list = shown.cidrs;
  let line = head;
  for (let i = 0; i < list.length; i++) {
    const rest = list.length - i - 1;
    const candidate = `${line}${i === 0 ? '' : ', '}${list[i]}`;
    const suffix = rest > 0 ? ` (+${rest} more)` : '';
    if (candidate.length + suffix.length > width && i > 0) return truncate(`${line} (+${list.length - i} more)`, width);
    line = candidate;
  }
  return truncate(line, width);
}

const MAX_PATH_LINES = 3;

/**
 * Component ids in order (a component named once even when two of its rules decided), wrapped
 * at the arrows onto at most three lines.
 */
function pathLines(path: readonly PathStep[], width: number): string[] {
  const ids: string[] = [];
  for (const step of path) {
    const id = shortId(step.componentId);
    if (ids[ids.length - 1] !== id) ids.push(id);
  }
  const lines: string[] = [];
  let line = 'path';
  for (const [i, id] of ids.entries()) {
    const piece = `${i === 0 ? ' ' : ' > '}${id}`;
    if (line.length + piece.length > width && i > 0) {
      lines.push(line);
      line = `    > ${id}`;
    } else {
      line += piece;
    }
  }
  lines.push(line);
  const shown = lines.slice(0, MAX_PATH_LINES).map((l) => truncate(l, width));
  if (lines.length > MAX_PATH_LINES) shown[MAX_PATH_LINES - 1] = truncate(`${shown[MAX_PATH_LINES - 1]} > …`, width);
  return shown;
}

interface Columns {
  readonly rule: number;
  readonly port: number;
  readonly service: number;
  readonly from: number;
}

/**
 * Rule and port columns as wide as their widest value; the entry point (which gateway or load
 * balancer) is worth more than the service name, which the port implies, so it gets the room first.
 */
function columnsFor(findings: readonly Finding[]): Columns {
  const widest = (values: string[]): number => values.reduce((max, v) => Math.max(max, v.length), 0);
  const rule = widest(findings.map((f) => f.ruleType));
  const port = widest(findings.map(portLabel));
  const room = TABLE_WIDTH - ROW_INDENT.length - rule - port - 3;
  const service = Math.min(widest(findings.map(serviceLabel)), Math.max(MIN_SERVICE_WIDTH, room - widest(findings.map(fromLabel))));
  return { rule, port, service, from: room - service };
}

function findingLines(f: Finding, columns: Columns): string[] {
  const row = [pad(f.ruleType, columns.rule), pad(portLabel(f), columns.port), pad(serviceLabel(f), columns.service), truncate(fromLabel(f), columns.from)];
  const detailWidth = TABLE_WIDTH - DETAIL_INDENT.length;
  const lines = [`${ROW_INDENT}${row.join(' ')}`.trimEnd()];
  if (f.ruleType === 'NetworkExposure') {
    const ports = portRangesPhrase(f.tcpPorts ?? [], f.udpPorts ?? []);
    lines.push(`${DETAIL_INDENT}${truncate(`${f.securityGroupIds.join(', ')} admits ${ports}`, detailWidth)}`);
  }
  lines.push(`${DETAIL_INDENT}${sourcesLine(f.sources, detailWidth)}`);
  lines.push(...pathLines(f.networkPath, detailWidth).map((l) => `${DETAIL_INDENT}${l}`));
  return lines;
}

/** "1 VPC", "50 subnets": the noun in the plural but for one. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function headerLines(report: AssessmentReport): string[] {
  const a = report.assessment;
  const c = a.counts;
  const collected = a.collectedAt === null ? 'collection time unknown' : `collected ${a.collectedAt}`;
  return [
    truncate(`netreach assessment of ${a.snapshot} (${collected})`, TABLE_WIDTH),
    truncate(
      `${count(c.vpcs, 'VPC')}, ${count(c.subnets, 'subnet')}, ${c.instances.analysed} of ` +
        `${count(c.instances.running, 'running instance')} analysed, ${count(c.loadBalancers, 'load balancer')}`,
      TABLE_WIDTH,
    ),
  ];
}

function footerLines(report: AssessmentReport): string[] {
  const a = report.assessment;
  const bySeverity = SEVERITIES.map((s) => `${a.counts.findings.bySeverity[s]} ${s}`).join(', ');
  const lines = [truncate(`Findings: ${bySeverity} (minimum ${a.options.minSeverity.toLowerCase()})`, TABLE_WIDTH)];
  lines.push(...baselineLines(a.baseline));
  lines.push(`Coverage gaps: ${a.coverage.length}`);
  for (const note of a.coverage.slice(0, SHOWN_GAPS)) {
    lines.push(...wrapWords(`${shortType(note.resourceType)} ${note.resourceId}: ${note.reason}`, ROW_INDENT, DETAIL_INDENT, GAP_LINES));
  }
  if (a.coverage.length > SHOWN_GAPS) {
    lines.push(`${ROW_INDENT}… and ${a.coverage.length - SHOWN_GAPS} more (see --format json)`);
  }
  if (a.warnings.length > 0) lines.push(`Warnings: ${a.warnings.length} (see --format json)`);
  return lines;
}

/**
 * One line of counts and, when entries have expired, one naming them: an expired acceptance is a
 * decision someone must take again. The file name and the reasons are in --format json.
 */
function baselineLines(baseline: BaselineSummary | null): string[] {
  if (baseline === null) return [];
  const counts = `${baseline.suppressed.length} suppressed, ${baseline.expired.length} expired, ${baseline.stale.length} stale`;
  const lines = [truncate(`Baseline as of ${baseline.asOf}: ${counts} (see --format json)`, TABLE_WIDTH)];
  if (baseline.expired.length > 0) {
    const expired = baseline.expired.map((e) => `${e.id} (${e.expires})`).join(', ');
    // Every expired entry is named: each is a finding reported again.
    lines.push(...wrapWords(`expired, no longer suppressing: ${expired}`, ROW_INDENT, `${ROW_INDENT}  `, Number.MAX_SAFE_INTEGER));
  }
  return lines;
}

/** "AWS::EC2::Instance" reads as "Instance" in 80 columns. */
function shortType(resourceType: string): string {
  return resourceType.slice(resourceType.lastIndexOf(':') + 1);
}

/** "i-0abc… (web-1)": the id, and the Name tag where the instance has one. */
function instanceHeading(instanceId: string, name: string | null): string {
  return name === null || name === '' ? instanceId : `${instanceId} (${name})`;
}

function* tableLines(report: AssessmentReport): Generator<string> {
  yield* headerLines(report);
  yield '';
  const findings = report.findings;
  if (findings.length === 0) {
    yield `No findings at or above ${report.assessment.options.minSeverity.toLowerCase()} severity.`;
    yield '';
  }
  const columns = columnsFor(findings);
  const names = new Map(report.assessment.instances.map((i) => [i.instanceId, i.name]));
  for (const severity of SEVERITIES) {
    // One pass per severity (a large estate has 100,000 instances with findings): by instance, in
    // the findings' order within each.
    const byInstance = new Map<string, Finding[]>();
    let count = 0;
    for (const f of findings) {
      if (f.severity !== severity) continue;
      count++;
      const own = byInstance.get(f.instanceId);
      if (own === undefined) byInstance.set(f.instanceId, [f]);
      else own.push(f);
    }
    if (count === 0) continue;
    yield `${severity.toUpperCase()} (${count})`;
    for (const instanceId of [...byInstance.keys()].sort(compareText)) {
      yield truncate(instanceHeading(instanceId, names.get(instanceId) ?? null), TABLE_WIDTH);
      for (const f of byInstance.get(instanceId) ?? []) yield* findingLines(f, columns);
    }
    yield '';
  }
  yield* footerLines(report);
}

/** Lines per chunk of a table: lines are at most TABLE_WIDTH characters, so a chunk stays under a MiB. */
const LINES_PER_CHUNK = 8192;

/**
 * Lines of a table in chunks of whole lines, each line made printable (ids and file names come
 * from the input: a terminal must show them, not obey them), so that a table may be longer than
 * one string can be. The chunks join to `lines.map(printable).join('\n') + '\n'`.
 */
export function* lineChunks(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(printable(line));
    if (batch.length === LINES_PER_CHUNK) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

/** The table in chunks of whole lines: an estate's table may be longer than one string can be. */
export function tableChunks(report: AssessmentReport): Iterable<string> {
  return lineChunks(tableLines(report));
}

export function renderTable(report: AssessmentReport): string {
  return [...tableChunks(report)].join('');
}
