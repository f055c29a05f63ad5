// Listener data describes a host at one moment; matched against a snapshot taken days apart it
// would name processes that are long gone. Data collected further than the allowed age from the
// snapshot's own collection time is set aside (the instance reads as having no agent) and said
// so in the coverage. Only the two collection times are compared, never the clock, so the same
// input keeps giving the same findings.
import type { CoverageNote, ListenerData } from '../model/types.js';

export interface MaxAge {
  readonly milliseconds: number;
  /** As the user wrote it, for the coverage note: "24h". */
  readonly text: string;
}

export interface FreshListenerData {
  readonly listeners: Map<string, ListenerData>;
  /** One note per instance whose listener data was set aside. */
  readonly coverage: CoverageNote[];
}

function staleNote(data: ListenerData, collectedAt: string, snapshotCollectedAt: string, maxAge: MaxAge): CoverageNote {
  const side = Date.parse(collectedAt) < Date.parse(snapshotCollectedAt) ? 'before' : 'after';
  return {
    resourceType: 'AWS::EC2::Instance',
    resourceId: data.instanceId,
    reason: `stale listener data, treated as absent: collected at ${collectedAt}, more than ${maxAge.text} ${side} the snapshot (${snapshotCollectedAt})`,
    file: null,
  };
}

/** The listener data within `maxAge` of the snapshot; all of it when either time is unknown. */
export function freshListenerData(
  listeners: ReadonlyMap<string, ListenerData>,
  snapshotCollectedAt: string | null,
  maxAge: MaxAge,
): FreshListenerData {
  const fresh = new Map<string, ListenerData>();
  const coverage: CoverageNote[] = [];
  for (const [instanceId, data] of listeners) {
    const collectedAt = data.collectedAt;
    if (
      collectedAt !== null &&
      snapshotCollectedAt !== null &&
      Math.abs(Date.parse(collectedAt) - Date.parse(snapshotCollectedAt)) > maxAge.milliseconds
    ) {
      coverage.push(staleNote(data, collectedAt, snapshotCollectedAt, maxAge));
    } else {
      fresh.set(instanceId, data);
    }
  }
  return { listeners: fresh, coverage };
}
