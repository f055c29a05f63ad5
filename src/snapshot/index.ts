// The snapshot loader: a folder of AWS describe-* JSON → the network model (SPEC §1).
export { loadListenerData, loadSnapshot } from './load-snapshot.js';
export type { LoadedSnapshot, LoadOptions } from './load-snapshot.js';
export { SnapshotError } from './errors.js';
