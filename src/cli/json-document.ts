// Reading a JSON file the user names (a report, a baseline) within the snapshot loader's limits,
// checked by a schema: one line `FILE: $.json.path: problem`, exit 2, for anything wrong with it.
import type { z } from 'zod';
import { DEFAULT_LIMITS, type SnapshotLimits } from '../snapshot/index.js';
import { SnapshotError, jsonPath } from '../snapshot/errors.js';
import { fileSize, readJsonFile } from '../snapshot/json-file.js';
import { streamedJsonObject } from '../snapshot/json-stream.js';
import { describeIssue } from '../snapshot/record-check.js';

export async function readJsonDocument<S extends z.ZodType>(file: string, schema: S, limits: SnapshotLimits = DEFAULT_LIMITS): Promise<z.output<S>> {
  // A large estate's report is longer than V8's longest string: above the loader's streaming
  // size it is read the way the loader reads large snapshot files.
  const large = fileSize(file, file, limits) > limits.streamAboveBytes;
  const document = large ? streamedJsonObject(file, file, limits) : readJsonFile(file, file, limits);
  const result = schema.safeParse(document, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A strict object names the field it refuses: point the path at that field.
  if (issue.code === 'unrecognized_keys') {
    throw new SnapshotError(file, jsonPath([...issue.path, issue.keys[0]]), 'unexpected field (a misspelt name?)');
  }
  throw new SnapshotError(file, jsonPath(issue.path), issue.message);
}
