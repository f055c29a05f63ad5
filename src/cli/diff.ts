// `netreach diff OLD.json NEW.json`: what a change opened, closed and altered, from two JSON
// reports of `netreach assess`; --fail-on gates on what is new or got worse (higher severity, more senders or ports).
import { Command, Option } from 'commander';
import type { Severity } from '../findings/severity.js';
import { diffFindings, gatingFindings } from '../report/diff.js';
import { diffJsonChunks, type DiffInput } from '../report/diff-json.js';
import { diffTableChunks } from '../report/diff-table.js';
import { reportChecks } from '../report/read-report.js';
import { FindingPool } from '../report/finding-pool.js';
import { failOnOption, gateFailure } from './fail-on.js';
import { readJsonDocument } from './json-document.js';
import type { CliOutput } from './output.js';

interface RawDiffOptions {
  readonly format: 'table' | 'json';
  readonly failOn?: Severity;
}

async function diffReports(io: CliOutput, oldFile: string, newFile: string, raw: RawDiffOptions, gateFailed: (message: string) => void): Promise<void> {
  // One pool for both: the findings a change left alone are held once.
  const { schema, streamed } = reportChecks(new FindingPool());
  const oldReport = await readJsonDocument(oldFile, schema, undefined, streamed);
  const newReport = await readJsonDocument(newFile, schema, undefined, streamed);
  const input: DiffInput = { oldFile, newFile, old: oldReport, new: newReport, diff: diffFindings(oldReport.findings, newReport.findings) };
  // JSON goes out in chunks: the diff of two large estates' reports can be longer than one string.
  for (const chunk of raw.format === 'json' ? diffJsonChunks(input) : diffTableChunks(input)) io.stdout(chunk);
  if (raw.failOn === undefined) return;
  const gating = gatingFindings(input.diff, raw.failOn);
  const failure = gateFailure(raw.failOn, [
    [gating.added.length, 'new finding'],
    [gating.raised.length, 'finding raised'],
    [gating.widened.length, 'finding widened'],
  ]);
  if (failure !== null) gateFailed(failure);
}

export function addDiffCommand(program: Command, io: CliOutput, gateFailed: (message: string) => void): void {
  program
    .command('diff')
    .description('new, resolved and changed findings between two JSON reports of netreach assess')
    .argument('<old>', 'the earlier report (netreach assess --format json)')
    .argument('<new>', 'the later report')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(failOnOption('a new finding, or a finding whose severity rose or that more senders or ports now reach, is'))
    .action(async (oldFile: string, newFile: string, raw: RawDiffOptions) => diffReports(io, oldFile, newFile, raw, gateFailed));
}
