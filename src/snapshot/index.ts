// The snapshot loader: a folder of AWS describe-* JSON → the network model (SPEC §1).
export { loadAgentData, loadListenerData, loadSnapshot } from './load-snapshot.js';
export type { LoadedAgentData, LoadedSnapshot, LoadOptions } from './load-snapshot.js';
export { DEFAULT_LIMITS, formatBytes } from './limits.js';
export type { SnapshotLimits } from './limits.js';
export { SnapshotError } from './errors.js';
