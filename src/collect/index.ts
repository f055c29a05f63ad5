// Live collection (issue #6): AWS SDK v3 calls → a snapshot folder that `assess` reads (SPEC §1).
export { collect, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS } from './collect.js';
export type { CollectOptions, CollectResult } from './collect.js';
export { ACCOUNT_CALLS, iamActionOf, PER_PARENT_CALLS, REGION_CALLS, SETUP_CALLS } from './calls.js';
export type { CallName } from './calls.js';
export type { RequestHandler, ServiceName } from './clients.js';
export { CollectError } from './errors.js';
export type { CallRecord, CollectManifest } from './manifest.js';
export { NO_PROGRESS, TerminalProgress } from './progress.js';
export type { Progress } from './progress.js';
