// One estate as a second account's: the same layout under other ids, for multi-account tests.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** An EC2 id's leading 0 (PREFIX-0 and 16 hex digits, as AWS makes them). */
const LEADING_ZERO = /-0(?=[0-9a-f]{16}\b)/g;
const LEADING_B = /-b(?=[0-9a-f]{16}\b)/g;

/** `text` with every EC2 id given a leading b instead of 0, and the account number `from` replaced by `to`. */
export function asOtherAccount(text: string, from: string, to: string): string {
  return text.replace(LEADING_ZERO, '-b').replaceAll(from, to);
}

/** asOtherAccount undone: the ids and account of the original. */
export function fromOtherAccount(text: string, original: string, other: string): string {
  return text.replace(LEADING_B, '-0').replaceAll(other, original);
}

/** Each file below `fromDir` written to the same place below `toDir`, as asOtherAccount rewrites it. */
export function copyAsOtherAccount(fromDir: string, toDir: string, from: string, to: string): void {
  for (const entry of readdirSync(fromDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(toDir, relative(fromDir, source));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, asOtherAccount(readFileSync(source, 'utf8'), from, to));
  }
}
