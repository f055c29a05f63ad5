// Every `--format` of `netreach assess`, each a pure function of the report: a new format is one
// line here.
import type { AssessmentReport } from './assessment.js';
import { asffChunks, renderAsff } from './asff.js';
import { csvChunks, renderCsv } from './csv.js';
import { htmlChunks, renderHtml } from './html/render.js';
import { jsonReportChunks, renderJson } from './json.js';
import { ReportError } from './report-error.js';
import { renderSarif, sarifChunks } from './sarif.js';
import { renderTable } from './table.js';

export type ReportWriter = (report: AssessmentReport) => string;

export const REPORT_WRITERS = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  csv: renderCsv,
  asff: renderAsff,
  html: renderHtml,
} as const satisfies Readonly<Record<string, ReportWriter>>;

export type ReportFormat = keyof typeof REPORT_WRITERS;

export const REPORT_FORMATS = Object.keys(REPORT_WRITERS) as ReportFormat[];

export function renderReport(format: ReportFormat, report: AssessmentReport): string {
  return REPORT_WRITERS[format](report);
}

/** The formats written in chunks, whatever their length: documents whose long part is the list of findings. */
const STREAMED_WRITERS: Partial<Readonly<Record<ReportFormat, (report: AssessmentReport) => Iterable<string>>>> = {
  json: jsonReportChunks,
  sarif: sarifChunks,
  asff: asffChunks,
  csv: csvChunks,
  html: htmlChunks,
};

/**
 * The report in pieces to write one after the other. JSON, SARIF, ASFF, CSV and HTML stream, so
 * any estate's report can be written in them; the table is one document, and one longer than V8's
 * longest string (about 512 MiB) is refused with a way out rather than an internal error.
 */
export function reportChunks(format: ReportFormat, report: AssessmentReport): Iterable<string> {
  const streamed = STREAMED_WRITERS[format];
  if (streamed !== undefined) return streamed(report);
  try {
    return [renderReport(format, report)];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ReportError(
      `the ${format} report of ${report.findings.length} findings is longer than one document can be here; ` +
        'write --format json, sarif, asff, csv or html (they stream), or narrow it with --min-severity',
    );
  }
}
