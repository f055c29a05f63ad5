// The diff for people, in 80 columns: what opened, what closed, and what changed on what stayed.
import type { Finding } from '../findings/finding.js';
import type { Listener } from '../model/types.js';
import type { ChangedFinding, ListChange } from './diff.js';
import { diffWarnings, type DiffInput } from './diff-json.js';
import { fromLabel, lineChunks, portLabel, serviceLabel, sourcesLine, TABLE_WIDTH, truncate, wrapWords } from './table.js';

const ROW_INDENT = '  ';
const DETAIL_INDENT = '      ';
const DETAIL_LINES = 2;

function findingRow(f: Finding): string {
  const service = serviceLabel(f);
  const parts = [f.severity.toUpperCase(), f.instanceId, f.ruleType, portLabel(f), service === '' ? null : service, fromLabel(f)];
  return truncate(`${ROW_INDENT}${parts.filter((p) => p !== null).join(' ')}`, TABLE_WIDTH);
}

function findingLines(f: Finding): string[] {
  return [findingRow(f), `${DETAIL_INDENT}${sourcesLine(f.sources, TABLE_WIDTH - DETAIL_INDENT.length)}`, `${DETAIL_INDENT}id ${f.id}`];
}

function listPhrase(name: string, change: ListChange): string {
  const added = change.added.length === 0 ? [] : [`+${change.added.join(' +')}`];
  const removed = change.removed.length === 0 ? [] : [`-${change.removed.join(' -')}`];
  return `${name} ${[...added, ...removed].join(' ')}`;
}

function listenerName(listener: Listener | null): string {
  if (listener === null) return 'none';
  return listener.process?.name ?? `${listener.protocol} ${listener.port} on ${listener.address}`;
}

function changeLines(c: ChangedFinding): string[] {
  const x = c.changes;
  const phrases: string[] = [];
  if (x.severity) phrases.push(`severity ${x.severity.old} -> ${x.severity.new}`);
  if (x.ruleType) phrases.push(`rule ${x.ruleType.old} -> ${x.ruleType.new}`);
  if (x.listener) phrases.push(`listener ${listenerName(x.listener.old)} -> ${listenerName(x.listener.new)}`);
  if (x.tcpPorts || x.udpPorts) phrases.push('port ranges changed');
  if (x.networkPath) phrases.push('path changed');
  const lines = [findingRow(c.new)];
  if (phrases.length > 0) lines.push(...wrapWords(phrases.join('; '), DETAIL_INDENT, DETAIL_INDENT, DETAIL_LINES));
  // Whole source sets read better than their difference ("from 203.0.113.0/24" over forty removed blocks).
  if (x.sources) {
    const width = TABLE_WIDTH - DETAIL_INDENT.length - 4;
    lines.push(`${DETAIL_INDENT}was ${sourcesLine(c.old.sources, width)}`, `${DETAIL_INDENT}now ${sourcesLine(c.new.sources, width)}`);
  }
  if (x.securityGroupIds) lines.push(...wrapWords(listPhrase('groups', x.securityGroupIds), DETAIL_INDENT, DETAIL_INDENT, DETAIL_LINES));
  lines.push(`${DETAIL_INDENT}id ${c.old.id === c.new.id ? c.new.id : `${c.old.id} -> ${c.new.id}`}`);
  return lines;
}

function* section<T>(title: string, items: readonly T[], linesOf: (item: T) => string[]): Generator<string> {
  if (items.length === 0) return;
  yield `${title} (${items.length})`;
  for (const item of items) yield* linesOf(item);
  yield '';
}

function described(file: string, snapshot: string, collectedAt: string | null): string {
  return truncate(`${file}: ${snapshot} (${collectedAt === null ? 'collection time unknown' : `collected ${collectedAt}`})`, TABLE_WIDTH - 6);
}

function* diffTableLines(input: DiffInput): Generator<string> {
  const d = input.diff;
  yield 'netreach diff';
  yield `  old ${described(input.oldFile, input.old.snapshot, input.old.collectedAt)}`;
  yield `  new ${described(input.newFile, input.new.snapshot, input.new.collectedAt)}`;
  for (const w of diffWarnings(input)) yield* wrapWords(`Warning: ${w}`, '', ROW_INDENT, 3);
  yield '';
  yield* section('NEW', d.added, findingLines);
  yield* section('RESOLVED', d.resolved, findingLines);
  yield* section('CHANGED', d.changed, changeLines);
  yield `New ${d.added.length}, resolved ${d.resolved.length}, changed ${d.changed.length}, unchanged ${d.unchanged}`;
}

/** The diff for people in chunks of whole lines; file names, ids and process names are shown as text, never obeyed. */
export function diffTableChunks(input: DiffInput): Iterable<string> {
  return lineChunks(diffTableLines(input));
}
