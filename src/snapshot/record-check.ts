// Checking one raw record against its schema: strict loading stops at the first problem with
// a SnapshotError; lenient loading skips the record and lists it in the coverage.
import { z } from 'zod';
import type { CoverageNote } from '../model/types.js';
import { describeValue, jsonPath, SnapshotError } from './errors.js';
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
  sink.coverage.push({
    resourceType,
    resourceId: resourceId ?? jsonPath(path),
    reason: `skipped: ${at}: ${error.problem}`,
    file: sink.origin.file,
  });
  return null;
}

/** The string at `key` of a raw record, if any: names a record that failed its check. */
export function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' && field.length > 0 ? field : null;
}
