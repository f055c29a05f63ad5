// The node flag bin/netreach.js starts the CLI's node with (and the bench its runs with): larger
// semi-spaces, so the short-lived objects of a large assessment die young instead of costing
// old-generation collections. 32 MB made a 100,000-instance assessment about 7% faster on a
// 2-core machine (mean of 7 runs each, alternated: 49.4 s -> 46.2 s end to end; single runs vary
// by ±10%), at the same peak memory; 64 MB gave the same, 128 MB was slower.
export const SEMI_SPACE_FLAG = '--max-semi-space-size=32';
