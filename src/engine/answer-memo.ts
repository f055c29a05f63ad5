// Answers reused within one assessment. Thousands of interfaces share a few configurations
// (subnet, group set, source), so each answer is computed once per configuration and keyed by
// exactly what it depends on. Keyed per NetworkIndex, never globally: two assessments of edited
// copies of a network (explain's closing changes) may share objects but not answers.
import type { NetworkIndex } from './network-index.js';

// Answers are never undefined, so one lookup tells a kept answer from a missing one.
export class AnswerMemo<V extends object | null> {
  private readonly values = new Map<string, V>();

  constructor(private readonly enabled: boolean) {}

  get(key: string, compute: () => V): V {
    if (!this.enabled) return compute();
    const kept = this.values.get(key);
    if (kept !== undefined) return kept;
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}

/** A Map or a WeakMap: what a cache needs of its store. */
export interface KeyedStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** What `cache` keeps for `owner`, made by `make` the first time it is asked for. */
export function keptFor<O, V>(cache: KeyedStore<O, V>, owner: O, make: () => V): V {
  let kept = cache.get(owner);
  if (kept === undefined) {
    kept = make();
    cache.set(owner, kept);
  }
  return kept;
}

/** The memo of one kind of answer for this assessment; off when the index was built with reuseAnswers false. */
export function memoOf<V extends object | null>(memos: WeakMap<NetworkIndex, AnswerMemo<V>>, index: NetworkIndex): AnswerMemo<V> {
  return keptFor(memos, index, () => new AnswerMemo<V>(index.reuseAnswers));
}

/** An answer kept per object (a table, an ACL) and key, for as long as the object lives. */
export function cachedPer<O, K, V>(cache: KeyedStore<O, Map<K, V>>, owner: O, key: K, compute: () => V): V {
  const byKey = keptFor(cache, owner, () => new Map<K, V>());
  let value = byKey.get(key);
  if (value === undefined) {
    value = compute();
    byKey.set(key, value);
  }
  return value;
}
