// What one build of findings keeps while it runs: the exposures and paths that the interfaces of
// one configuration share, worked out once. Kept per build, not per module: the engine's objects
// they are keyed by live as long as the findings do (to the end of the report), and with them
// would live the caches too — 95 MB of a 100,000-instance transit gateway hub's heap.
import type { PathStep } from '../engine/types.js';
import type { GroupExposure } from './build.js';
import { keptFor } from '../engine/answer-memo.js';

export class FindingMemos {
  /** A cell's exposures, by the first cell's shared path part and the numbers of all the shared parts (build.ts). */
  readonly exposures = new Map<readonly PathStep[], Map<string, readonly GroupExposure[]>>();
  /** A group's part of shared path parts, by the first of them and the group and parts (exposure-path.ts). */
  readonly groupParts = new Map<readonly PathStep[], Map<string, readonly PathStep[]>>();
  /** The steps at one place united, by the first step and the numbers of the others (exposure-path.ts). */
  readonly unitedSteps = new Map<PathStep, Map<string, PathStep>>();
  /** A route table step with its routes counted (counted-routes.ts). */
  readonly countedSteps = new Map<PathStep, PathStep>();
  /** A path as findings carry it (counted-routes.ts). */
  readonly countedPaths = new Map<readonly PathStep[], readonly PathStep[]>();
  private readonly numbers = new Map<object, number>();

  /** A number naming an object (a step, a shared path part) in this build, for keys. */
  numberOf(object: object): number {
    return keptFor(this.numbers, object, () => this.numbers.size);
  }
}
