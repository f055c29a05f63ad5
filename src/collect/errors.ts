// What stops a collection before it starts (no credentials, no region, a folder that is not
// empty): one line for the CLI, exit 2. A failing AWS call is not one of these: it is recorded
// in the manifest and the collection goes on.
export class CollectError extends Error {
  override readonly name = 'CollectError';
}
