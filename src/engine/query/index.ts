export type { Blocker, FlowQuery, QueryAnswer, QueryFrom, QueryPath, QueryTo, QueryVia } from './types.js';
export { BLOCKER_CODES, type BlockerCode } from './blocker-codes.js';
export { answerQuery, QueryError } from './answer.js';
export { blockerMatches, flowQueryOf, judge, parseBatch, type BatchOutcome, type BatchQuery } from './batch.js';
