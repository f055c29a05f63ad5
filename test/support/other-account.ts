// One estate as a second account's: the same layout under other ids, for multi-account tests.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `text` with every EC2 id (PREFIX-0 and 16 hex digits, as AWS makes them) given a leading b
 * instead of 0, and the account number `from` replaced by `to`.
 */
export function asOtherAccount(text: string, from: string, to: string): string {
  return text.replace(/-0(?=[0-9a-f]{16}\b)/g, '-b').replaceAll(from, to);
}

/** Each file of `fromDir` (not its subfolders) written to `toDir` as asOtherAccount rewrites it. */
export function copyAsOtherAccount(fromDir: string, toDir: string, from: string, to: string): void {
  mkdirSync(toDir, { recursive: true });
  for (const entry of readdirSync(fromDir, { withFileTypes: true })) {
    if (entry.isFile()) writeFileSync(join(toDir, entry.name), asOtherAccount(readFileSync(join(fromDir, entry.name), 'utf8'), from, to));
  }
}
