// Bad input the user can fix (an option value, a missing folder): one line, exit 2.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
