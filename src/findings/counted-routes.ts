// The routes a finding's path names in a route table. A path names the routes that carry the reply
// back to every sender: behind a transit gateway hub of hundreds of attachments, or a VPN gateway
// that propagates hundreds of on-premises prefixes, hundreds of routes, repeated in the path and
// the description of every finding of every interface (5 GB of report for a hub of 500 VPCs). A
// finding names the first few and counts the rest; the step names the table, which holds them
// all, the recommendation's route fix reads them all, and `netreach query` names the one route a
// flow takes.
import { joinedPath, pathParts } from '../engine/path-parts.js';
import type { PathStep } from '../engine/types.js';
import type { FindingMemos } from './finding-memos.js';
import { keptFor } from '../engine/answer-memo.js';
import { compareAddresses, parseCidr } from '../net/index.js';
import { compareText } from '../model/compare-text.js';

/** Routes a finding names in one route table step before it counts the rest. */
export const ROUTES_NAMED = 8;

const COUNTED_STEPS: ReadonlySet<string> = new Set(['AWS::EC2::RouteTable', 'AWS::EC2::TransitGatewayRouteTable']);

/**
 * Route texts of merged cells in the order a table evaluates them, most specific first, and among
 * routes of one length the lower network first (as the engine lists a cell's own, see
 * engine/routes.ts): so the routes a finding names before it counts the rest are the most
 * specific, not those of whichever cell came first.
 */
export function inTableOrder(componentType: string, rules: readonly string[]): readonly string[] {
  if (!COUNTED_STEPS.has(componentType)) return rules;
  return rules
    .map((rule) => ({ rule, cidr: parseCidr(rule.slice(0, rule.indexOf(' '))) }))
    .sort((a, b) => (b.cidr?.prefixLength ?? -1) - (a.cidr?.prefixLength ?? -1) || compareAddresses(a.cidr?.network ?? -1n, b.cidr?.network ?? -1n) || compareText(a.rule, b.rule))
    .map((r) => r.rule);
}

/** Between the routes of one step (see engine/sources.ts). */
const SEPARATOR = '; ';

function countedStep(step: PathStep, memos: FindingMemos): PathStep {
  const rule = step.rule;
  if (!COUNTED_STEPS.has(step.componentType) || rule === undefined) return step;
  return keptFor(memos.countedSteps, step, () => {
    // Where the named routes end (the separator after the last of them), and how many routes there are.
    let end = -1;
    let routes = 1;
    for (let at = rule.indexOf(SEPARATOR); at !== -1; at = rule.indexOf(SEPARATOR, at + SEPARATOR.length)) {
      if (routes === ROUTES_NAMED) end = at;
      routes++;
    }
    if (routes <= ROUTES_NAMED) return step;
    return { componentType: step.componentType, componentId: step.componentId, rule: `${rule.slice(0, end)}; and ${routes - ROUTES_NAMED} more routes` };
  });
}

/**
 * The path as a finding carries it: the same list when nothing is counted; otherwise a copy, made
 * once per path and, for the paths of one configuration, keeping their shared first part shared.
 */
export function findingPath(path: readonly PathStep[], memos: FindingMemos): readonly PathStep[] {
  return keptFor(memos.countedPaths, path, () => {
    const parts = pathParts(path);
    if (parts !== undefined) {
      const shared = findingPath(parts[0], memos);
      return shared === parts[0] ? path : joinedPath(shared, parts[1]);
    }
    const steps = path.map((step) => countedStep(step, memos));
    return steps.every((step, i) => step === path[i]) ? path : steps;
  });
}
