// The snapshot loader: a folder of AWS describe-* JSON → the network model (SPEC §1).
export { buildSnapshot, loadAgentData, loadListenerData, loadSnapshot, readSnapshot } from './load-snapshot.js';
export type { LoadedAgentData, LoadedSnapshot, LoadOptions, ReadSnapshot } from './load-snapshot.js';
export { DEFAULT_LIMITS, formatBytes } from './limits.js';
export type { SnapshotLimits } from './limits.js';
export { SnapshotError } from './errors.js';
