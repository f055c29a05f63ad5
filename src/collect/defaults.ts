// The collector's defaults, apart from the collector itself: the CLI shows them in its help
// without loading the AWS SDK (which takes most of a second to load).
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_ATTEMPTS = 8;
