// A temporary folder for one test, removed when the test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratch(t: { after: (fn: () => void) => void }, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `netreach-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
