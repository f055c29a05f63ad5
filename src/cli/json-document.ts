// Reading a JSON file the user names (a report, a baseline) within the snapshot loader's limits,
// checked by a schema: one line `FILE: $.json.path: problem`, exit 2, for anything wrong with it.
import type { z } from 'zod';
import { DEFAULT_LIMITS } from '../snapshot/index.js';
import { SnapshotError, jsonPath } from '../snapshot/errors.js';
import { readJsonFile } from '../snapshot/json-file.js';
import { describeIssue } from '../snapshot/record-check.js';

export async function readJsonDocument<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  const document = readJsonFile(file, file, DEFAULT_LIMITS);
  const result = schema.safeParse(document, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A strict object names the field it refuses: point the path at that field.
  if (issue.code === 'unrecognized_keys') {
    throw new SnapshotError(file, jsonPath([...issue.path, issue.keys[0]]), 'unexpected field (a misspelt name?)');
  }
  throw new SnapshotError(file, jsonPath(issue.path), issue.message);
}
