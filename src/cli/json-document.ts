// Reading a JSON file the user names (a report, a baseline) within the snapshot loader's limits,
// checked by a schema: one line `FILE: $.json.path: problem`, exit 2, for anything wrong with it.
import type { z } from 'zod';
import { DEFAULT_LIMITS, type SnapshotLimits } from '../snapshot/index.js';
import { SnapshotError, jsonPath } from '../snapshot/errors.js';
import { fileSize, readJsonFile } from '../snapshot/json-file.js';
import { streamedJsonObject } from '../snapshot/json-stream.js';
import { describeIssue } from '../snapshot/record-check.js';
import type { StreamedCheck } from '../snapshot/streamed-check.js';

/**
 * `file` checked by `schema`. Above the streaming size, with `streamed`, the elements of its long
 * lists are checked as the streaming cut reads them and the rest by `streamed.shell`: the same
 * document and the same refusals, without holding the parsed and the checked copy at once.
 */
export async function readJsonDocument<S extends z.ZodType>(
  file: string,
  schema: S,
  limits: SnapshotLimits = DEFAULT_LIMITS,
  streamed?: StreamedCheck<z.output<S>>,
): Promise<z.output<S>> {
  // A large estate's report is longer than V8's longest string: above the loader's streaming
  // size it is read the way the loader reads large snapshot files.
  const large = fileSize(file, file, limits) > limits.streamAboveBytes;
  if (!large) return checked(file, schema, readJsonFile(file, file, limits), []);
  if (streamed === undefined) return checked(file, schema, streamedJsonObject(file, file, limits), []);
  const document = streamedJsonObject(file, file, limits, (key, index, value) => {
    const item = Object.hasOwn(streamed.items, key) ? streamed.items[key] : undefined;
    return item === undefined ? value : checked(file, item, value, [key, index]);
  });
  return checked(file, streamed.shell, document, []);
}

/** `value` (at `path` in `file`) checked by `schema`; a SnapshotError naming the first problem. */
function checked<S extends z.ZodType>(file: string, schema: S, value: unknown, path: readonly PropertyKey[]): z.output<S> {
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A strict object names the field it refuses: point the path at that field.
  if (issue.code === 'unrecognized_keys') {
    throw new SnapshotError(file, jsonPath([...path, ...issue.path, issue.keys[0]]), 'unexpected field (a misspelt name?)');
  }
  throw new SnapshotError(file, jsonPath([...path, ...issue.path]), issue.message);
}
