// Answers reused within one assessment. Thousands of interfaces share a few configurations
// (subnet, group set, source), so each answer is computed once per configuration and keyed by
// exactly what it depends on. Keyed per NetworkIndex, never globally: two assessments of edited
// copies of a network (explain's closing changes) may share objects but not answers.
import type { NetworkIndex } from './network-index.js';

export class AnswerMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly enabled: boolean) {}

  get(key: string, compute: () => V): V {
    if (!this.enabled) return compute();
    if (this.values.has(key)) return this.values.get(key)!;
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}

/** The memo of one kind of answer for this assessment; off when the index was built with reuseAnswers false. */
export function memoOf<V>(memos: WeakMap<NetworkIndex, AnswerMemo<V>>, index: NetworkIndex): AnswerMemo<V> {
  let memo = memos.get(index);
  if (memo === undefined) {
    memo = new AnswerMemo<V>(index.reuseAnswers);
    memos.set(index, memo);
  }
  return memo;
}
