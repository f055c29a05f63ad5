// Paths that share a beginning. Every interface of one configuration gets the configuration's
// path (gateway, route table, NACL, groups) followed by its own steps (interface, instance); the
// path is a list of its own, but remembers the two parts, so that putting it in words (findings)
// can reuse the words for the shared part instead of redoing them per interface.
import type { PathStep } from './types.js';

const parts = new WeakMap<readonly PathStep[], readonly [readonly PathStep[], readonly PathStep[]]>();

/** `[...shared, ...own]`, remembering the parts. */
export function joinedPath(shared: readonly PathStep[], own: readonly PathStep[]): readonly PathStep[] {
  const path = [...shared, ...own];
  parts.set(path, [shared, own]);
  return path;
}

/** The shared beginning and the own end of a path made by joinedPath; undefined for any other. */
export function pathParts(path: readonly PathStep[]): readonly [readonly PathStep[], readonly PathStep[]] | undefined {
  return parts.get(path);
}
