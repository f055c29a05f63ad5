// `netreach baseline create ASSESSMENT.json`: accept the findings of a reviewed assessment, each by
// its stable id, with a reason and an expiry for all of them (edit the file to vary them).
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { baselineOf } from '../findings/baseline.js';
import { atLeast, type Severity } from '../findings/severity.js';
import { MAX_REASON_LENGTH, renderBaseline } from '../report/baseline-file.js';
import { reportChecks } from '../report/read-report.js';
import { readJsonDocument } from './json-document.js';
import type { CliOutput } from './output.js';
import { parseCalendarDate, parseMinSeverity } from './options.js';
import { UsageError } from './usage-error.js';
import { printable } from '../model/printable.js';

interface RawCreateOptions {
  readonly output?: string;
  readonly reason?: string;
  readonly expires?: string;
  readonly minSeverity: Severity;
}

function parseReason(text: string): string {
  const reason = text.trim();
  if (reason === '' || reason.length > MAX_REASON_LENGTH) throw new UsageError(`--reason: expected 1 to ${MAX_REASON_LENGTH} characters`);
  return reason;
}

async function createBaseline(io: CliOutput, assessmentFile: string, raw: RawCreateOptions): Promise<void> {
  const { schema, streamed } = reportChecks();
  const report = await readJsonDocument(assessmentFile, schema, undefined, streamed);
  // Accepting a baselined report's findings would silently drop the findings the old baseline accepted.
  if (report.baseline !== null && report.baseline.suppressed > 0) {
    io.stderr(
      `netreach: warning: ${printable(assessmentFile)} was made with --baseline ${printable(report.baseline.file)}: the ${report.baseline.suppressed} ` +
        'finding(s) it suppressed are not in this baseline (assess without --baseline to include them)\n',
    );
  }
  const findings = report.findings.filter((f) => atLeast(f.severity, raw.minSeverity));
  const text = renderBaseline(
    baselineOf(findings, { reason: raw.reason === undefined ? null : parseReason(raw.reason), expires: raw.expires ?? null }),
  );
  if (raw.output === undefined) {
    io.stdout(text);
    return;
  }
  await writeFile(raw.output, text, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot write ${raw.output}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

export function addBaselineCommand(program: Command, io: CliOutput): void {
  const baseline = program.command('baseline').description('accepted findings, for assess --baseline');
  baseline
    .command('create')
    .description('a baseline accepting every finding of an assessment (netreach assess --format json)')
    .argument('<assessment>', 'a JSON report written by netreach assess --format json')
    .option('-o, --output <file>', 'write the baseline to this file instead of standard output')
    .option('--reason <text>', 'why these findings are accepted (a ticket, a sentence), recorded on each entry')
    .addOption(new Option('--expires <date>', 'the day the entries stop suppressing, YYYY-MM-DD').argParser(parseCalendarDate))
    .addOption(
      new Option('--min-severity <level>', 'accept only findings at or above: high, medium, low, informational')
        .argParser(parseMinSeverity)
        .default('Informational' satisfies Severity, 'informational'),
    )
    .action(async (assessmentFile: string, raw: RawCreateOptions) => createBaseline(io, assessmentFile, raw));
}
