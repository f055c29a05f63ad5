// Checking one raw record against its schema: strict loading stops at the first problem with
// a SnapshotError; lenient loading skips the record and lists it in the coverage.
import { z } from 'zod';
import type { CoverageNote } from '../model/types.js';
import { describeValue, jsonPath, problemText, SnapshotError } from './errors.js';
import type { Origin } from './raw-snapshot.js';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Words for zod's own issues (the value schemas in aws-values.ts word theirs). */
export const describeIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}`;
  }
  return undefined;
};

export interface ReadSink {
  readonly lenient: boolean;
  readonly origin: Origin;
  readonly coverage: CoverageNote[];
}

/**
 * Lists of rules whose bad elements lenient loading skips one by one, keeping the rest of the
 * record: one malformed permission must not take a group's other rules with it.
 */
const SKIPPABLE_PARTS: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::SecurityGroup': ['IpPermissions', 'IpPermissionsEgress'],
  'AWS::EC2::NetworkAcl': ['Entries'],
  'AWS::EC2::RouteTable': ['Routes'],
};

function skipNote(sink: ReadSink, at: string, problem: string, resourceType: string, resourceId: string): void {
  sink.coverage.push({ resourceType, resourceId, reason: `skipped: ${at}: ${problem}`, file: sink.origin.file });
}

/**
 * Lenient loading of a record whose problems all sit in elements of its rule lists: the record
 * without those elements (each listed in the coverage), or null when a problem lies elsewhere.
 */
function withoutBadParts<S extends z.ZodType>(sink: ReadSink, schema: S, value: unknown, path: readonly PropertyKey[], resourceType: string, resourceId: string): z.output<S> | null {
  const parts = SKIPPABLE_PARTS[resourceType];
  if (parts === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let current: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  // Where each remaining element sat in the file, so the notes name the original index.
  const positions = new Map<string, number[]>();
  const skipped: [string, string][] = [];
  for (;;) {
    const result = schema.safeParse(current, { error: describeIssue });
    if (result.success) {
      for (const [at, problem] of skipped) skipNote(sink, at, problem, resourceType, resourceId);
      return result.data;
    }
    const issue = result.error.issues[0];
    const [key, index] = issue.path;
    const list = typeof key === 'string' ? current[key] : undefined;
    if (typeof key !== 'string' || !parts.includes(key) || typeof index !== 'number' || !Array.isArray(list)) return null;
    const where = positions.get(key) ?? list.map((_, i) => i);
    skipped.push([jsonPath([...path, key, where[index] ?? index, ...issue.path.slice(2)]), problemText(issue.message)]);
    current = { ...current, [key]: list.filter((_, i) => i !== index) };
    positions.set(key, where.filter((_, i) => i !== index));
  }
}

/**
 * The record checked by `schema`, or null when it failed and lenient loading skipped it.
 * `path` is where `value` sits in the file; `resourceId` names the record in a coverage note.
 */
export function checkRecord<S extends z.ZodType>(
  sink: ReadSink,
  schema: S,
  value: unknown,
  path: readonly PropertyKey[],
  resourceType: string,
  resourceId: string | null,
): z.output<S> | null {
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = jsonPath([...path, ...issue.path]);
  const error = new SnapshotError(sink.origin.file, at, issue.message);
  if (!sink.lenient) throw error;
  const partial = resourceId === null ? null : withoutBadParts(sink, schema, value, path, resourceType, resourceId);
  if (partial !== null) return partial;
  skipNote(sink, at, error.problem, resourceType, resourceId ?? jsonPath(path));
  return null;
}

/** The string at `key` of a raw record, if any: names a record that failed its check. */
export function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' && field.length > 0 ? field : null;
}
