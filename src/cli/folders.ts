// Folders named on the command line must exist and be folders: one line, exit 2, otherwise.
import { stat } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

export async function requireFolder(path: string, what: string): Promise<void> {
  const found = await stat(path).catch(() => null);
  if (found === null) throw new UsageError(`${what} ${path} does not exist`);
  if (!found.isDirectory()) throw new UsageError(`${what} ${path} is not a folder`);
}
