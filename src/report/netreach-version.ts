// netreach's own version, for `--version` and for the writers that name the tool (SARIF's driver).
import { readFileSync } from 'node:fs';

export function netreachVersion(): string {
  // src/<stage>/x.ts and dist/<stage>/x.js both sit two levels below the package root.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
    return parsed.version;
  }
  return '0.0.0';
}
