// A writer that cannot render what it was given honestly (ASFF without a collection time or an
// account) refuses with one sentence the CLI prints as is, exit 2.
export class ReportError extends Error {
  override readonly name = 'ReportError';
}
