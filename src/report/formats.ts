// Every `--format` of `netreach assess`, each a pure function of the report: a new format is one
// line here.
import type { AssessmentReport } from './assessment.js';
import { asffChunks } from './asff.js';
import { csvChunks } from './csv.js';
import { htmlChunks } from './html/render.js';
import { jsonReportChunks } from './json.js';
import { sarifChunks } from './sarif.js';
import { tableChunks } from './table.js';

/** Every format, written in pieces of about a MiB, so an estate's report may be longer than one string can be. */
const REPORT_WRITERS = {
  table: tableChunks,
  json: jsonReportChunks,
  sarif: sarifChunks,
  csv: csvChunks,
  asff: asffChunks,
  html: htmlChunks,
} as const satisfies Readonly<Record<string, (report: AssessmentReport) => Iterable<string>>>;

export type ReportFormat = keyof typeof REPORT_WRITERS;

export const REPORT_FORMATS = Object.keys(REPORT_WRITERS) as ReportFormat[];

/** The report in pieces to write one after the other; a writer that cannot write it throws a ReportError before the first. */
export function reportChunks(format: ReportFormat, report: AssessmentReport): Iterable<string> {
  return REPORT_WRITERS[format](report);
}
