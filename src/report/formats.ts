// Every `--format` of `netreach assess`, each a pure function of the report: a new format is one
// line here.
import type { AssessmentReport } from './assessment.js';
import { renderAsff } from './asff.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html/render.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
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
