// CSV for spreadsheets: RFC 4180 (CRLF, header row, quotes only where needed), one row per
// finding. Cells come from the snapshot (Name tags, process paths), so a cell that a spreadsheet
// would run as a formula (= + - @ tab CR, and their full-width forms) is prefixed with a quote
// (csv-stringify's escape_formulas, after OWASP's advice on CSV injection).
import { stringify } from 'csv-stringify/sync';
import type { Via } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import { rangeText } from '../findings/wording.js';
import type { Listener } from '../model/types.js';
import { printableKeepingLines } from '../model/printable.js';
import type { AssessedInstance, AssessmentReport } from './assessment.js';

type Cell = string | number;

const COLUMNS: ReadonlyArray<readonly [header: string, cell: (f: Finding, i: AssessedInstance | undefined) => Cell]> = [
  ['Severity', (f) => f.severity],
  ['Rule type', (f) => f.ruleType],
  ['Reachability', (f) => f.reachabilityType],
  ['Account', (_, i) => i?.accountId ?? ''],
  ['Region', (_, i) => i?.region ?? ''],
  ['Instance', (f) => f.instanceId],
  ['Instance name', (_, i) => i?.name ?? ''],
  ['Network interface', (f) => f.networkInterfaceId],
  ['VPC', (f) => f.vpcId],
  ['Subnet', (f) => f.subnetId],
  ['IP version', (f) => f.ipVersion],
  ['Protocol', (f) => f.protocol ?? ''],
  ['Port', (f) => f.port ?? ''],
  ['TCP ports', (f) => (f.tcpPorts ?? []).map(rangeText).join(' ')],
  ['UDP ports', (f) => (f.udpPorts ?? []).map(rangeText).join(' ')],
  ['Service', (f) => f.portGroupName ?? ''],
  ['Via', (f) => viaText(f.via)],
  ['Sources', (f) => f.sources.join(' ')],
  ['Security groups', (f) => f.securityGroupIds.join(' ')],
  ['Network ACL', (f) => f.aclId ?? ''],
  ['Listener process', (f) => listenerText(f.listener)],
  ['Title', (f) => f.title],
  ['Recommendation', (f) => f.recommendation],
  ['Finding id', (f) => f.id],
];

function viaText(via: Via): string {
  return 'listenerPort' in via ? `${via.type} ${via.id} listener ${via.listenerPort}` : `${via.type} ${via.id}`;
}

/** "sshd (pid 812, /usr/sbin/sshd) on 0.0.0.0"; "" without a listener. */
function listenerText(listener: Listener | null): string {
  if (listener === null) return '';
  const p = listener.process;
  const details = p === null ? [] : [p.pid === null ? null : `pid ${p.pid}`, p.path].filter((d): d is string => d !== null && d !== '');
  const name = p?.name ?? 'a process';
  return `${name}${details.length === 0 ? '' : ` (${details.join(', ')})`} on ${listener.address}`;
}

/** Rows per call of the CSV writer: a chunk of about a MiB. */
const ROWS_PER_CHUNK = 1024;

const CSV_OPTIONS = {
  columns: COLUMNS.map(([header], index) => ({ key: String(index), header })),
  record_delimiter: 'windows',
  // A lone LF or CR (a hostile Name tag, a process path) would otherwise go out unquoted and
  // split the row, putting what follows it at the start of a line past the formula guard.
  quoted_match: /[\r\n]/,
  escape_formulas: true,
} as const;

/**
 * The CSV in chunks, a batch of rows at a time (the header with the first), so the file may be
 * longer than one string can be; the chunks join to one stringify of every row.
 */
export function* csvChunks(report: AssessmentReport): Generator<string> {
  const instances = new Map(report.assessment.instances.map((i) => [i.instanceId, i]));
  const findings = report.findings;
  for (let from = 0; from === 0 || from < findings.length; from += ROWS_PER_CHUNK) {
    // Cells keep their line breaks (quoted, RFC 4180), but never a raw escape sequence: `cat` of the
    // file must not drive the terminal.
    const rows = findings.slice(from, from + ROWS_PER_CHUNK).map((f) =>
      COLUMNS.map(([, cell]) => {
        const value = cell(f, instances.get(f.instanceId));
        return typeof value === 'string' ? printableKeepingLines(value) : value;
      }),
    );
    yield stringify(rows, { ...CSV_OPTIONS, header: from === 0 });
  }
}

export function renderCsv(report: AssessmentReport): string {
  return [...csvChunks(report)].join('');
}
