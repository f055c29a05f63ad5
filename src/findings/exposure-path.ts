// The path of a NetworkExposure finding: what lets in each of the ports one security group admits
// on one interface from one source, across the engine's port cells.
import type { PathStep } from '../engine/types.js';
import { joinedPath, pathParts } from '../engine/path-parts.js';
import { inTableOrder } from './counted-routes.js';
import { cachedPer } from '../engine/answer-memo.js';
import type { FindingMemos } from './finding-memos.js';

const GROUP_STEP = 'AWS::EC2::SecurityGroup';
const OWN_STEPS: ReadonlySet<string> = new Set(['AWS::EC2::NetworkInterface', 'AWS::EC2::Instance']);

/** The path without the destination's other groups: the security-group steps just before the interface and instance (or at the end). */
function pathOfGroup(path: readonly PathStep[], groupId: string): readonly PathStep[] {
  let end = path.length;
  while (end > 0 && OWN_STEPS.has(path[end - 1]!.componentType)) end--;
  let start = end;
  while (start > 0 && path[start - 1]!.componentType === GROUP_STEP) start--;
  if (path.slice(start, end).every((step) => step.componentId === groupId)) return path;
  return [...path.slice(0, start), ...path.slice(start, end).filter((step) => step.componentId === groupId), ...path.slice(end)];
}

/** Paths merged: each step once, in order, keyed by component and occurrence (a NACL comes twice: inbound, outbound), rules united. */
function mergedPaths(paths: readonly (readonly PathStep[])[], memos: FindingMemos): readonly PathStep[] {
  const order: string[] = [];
  // The distinct step objects at each place: cells share steps (a route table step names hundreds
  // of routes behind a transit gateway hub), so each distinct one is read once.
  const merged = new Map<string, Set<PathStep>>();
  for (const path of paths) {
    const seen = new Map<string, number>();
    let after = -1;
    for (const step of path) {
      const id = `${step.componentType}\u0000${step.componentId}`;
      const occurrence = seen.get(id) ?? 0;
      seen.set(id, occurrence + 1);
      const key = `${id}\u0000${occurrence}`;
      let steps = merged.get(key);
      if (steps === undefined) {
        steps = new Set();
        merged.set(key, steps);
        order.splice(after + 1, 0, key);
      }
      after = order.indexOf(key);
      steps.add(step);
    }
  }
  return order.map((key) => unitedSteps([...merged.get(key)!], memos));
}

/** The steps at one place as one, their rules united (each once, a table's routes in its order); made once per combination of steps. */
function unitedSteps(steps: readonly PathStep[], memos: FindingMemos): PathStep {
  const first = steps[0]!;
  return cachedPer(memos.unitedSteps, first, steps.slice(1).map((step) => memos.numberOf(step)).join(','), () => {
    const rules = new Set<string>();
    for (const step of steps) if (step.rule !== undefined) for (const rule of step.rule.split('; ')) rules.add(rule);
    return first.rule === undefined && rules.size === 0
      ? { componentType: first.componentType, componentId: first.componentId }
      : { componentType: first.componentType, componentId: first.componentId, rule: inTableOrder(first.componentType, [...rules]).join('; ') };
  });
}

function groupPath(groupId: string, paths: readonly (readonly PathStep[])[], memos: FindingMemos): readonly PathStep[] {
  const own = [...new Set(paths.map((path) => pathOfGroup(path, groupId)))];
  return own.length === 1 ? own[0]! : mergedPaths(own, memos);
}

/**
 * What identifies paths made from the same configuration's answer (see path-parts.ts): their
 * shared first parts, by identity, and their common own end. Null when they are not such paths
 * (load-balancer paths) or end differently.
 */
export function sharedPartsOf(paths: readonly (readonly PathStep[])[], memos: FindingMemos): { readonly first: readonly PathStep[]; readonly key: string; readonly shared: readonly (readonly PathStep[])[]; readonly own: readonly PathStep[] } | null {
  const shared: (readonly PathStep[])[] = [];
  let own: readonly PathStep[] | undefined;
  for (const path of paths) {
    const parts = pathParts(path);
    if (parts === undefined || (own !== undefined && parts[1] !== own)) return null;
    own = parts[1];
    shared.push(parts[0]);
  }
  if (own === undefined) return null;
  return { first: shared[0]!, key: shared.map((part) => memos.numberOf(part)).join(','), shared, own };
}

/**
 * One path for everything a group admits across a reachability's cells: each step once, in
 * order, with every rule that lets some of it pass (a route, NACL entries, the group's rules for
 * each of its port ranges), and only this group among the destination's groups.
 */
export function exposurePath(groupId: string, paths: readonly (readonly PathStep[])[], memos: FindingMemos): readonly PathStep[] {
  const distinct = [...new Set(paths)];
  const parts = sharedPartsOf(distinct, memos);
  if (parts === null) return groupPath(groupId, distinct, memos);
  // Interfaces of one configuration share the paths' first parts (see path-parts.ts): the part for a
  // group is worked out once per group and set of shared parts, keyed by the first shared part.
  const part = cachedPer(memos.groupParts, parts.first, `${groupId} ${parts.key}`, () => groupPath(groupId, parts.shared, memos));
  return parts.shared.length === 1 && part === parts.shared[0] ? distinct[0]! : joinedPath(part, parts.own);
}
