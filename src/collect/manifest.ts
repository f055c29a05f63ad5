// <output>/manifest.json: when, by what, which accounts and regions, and every call's outcome.
// Deterministic but for collectedAt: the calls are sorted, whatever order they finished in.
import { compareText } from '../model/compare-text.js';
import type { CallError } from './call-error.js';

export interface CallRecord {
  readonly account: string;
  readonly region: string;
  /** service:Operation, as IAM names the action, e.g. ec2:DescribeNetworkAcls. */
  readonly call: string;
  /** The resource a per-parent call was made for (prefix list id, target group ARN, …). */
  readonly parent?: string;
  readonly status: 'ok' | 'error';
  /** The file written, relative to the output folder ('ok' only). */
  readonly file?: string;
  readonly error?: CallError;
  /** Records returned (0 for an error); instances, not reservations, for ec2:DescribeInstances. */
  readonly items: number;
}

export interface CollectManifest {
  readonly collectedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Only in the manifest written when a collection starts: false until the final one replaces it. */
  readonly complete?: false;
  readonly calls: readonly CallRecord[];
}

function callOrder(a: CallRecord, b: CallRecord): number {
  return (
    compareText(a.account, b.account) ||
    compareText(a.region, b.region) ||
    compareText(a.call, b.call) ||
    compareText(a.parent ?? '', b.parent ?? '')
  );
}

/** By account, region, call and parent: the order the manifest lists them in. */
export function sortedCalls(calls: readonly CallRecord[]): CallRecord[] {
  return [...calls].sort(callOrder);
}

export function renderManifest(manifest: CollectManifest): string {
  const ordered: CollectManifest = {
    collectedAt: manifest.collectedAt,
    tool: { name: manifest.tool.name, version: manifest.tool.version },
    accounts: [...manifest.accounts].sort(compareText),
    regions: [...manifest.regions].sort(compareText),
    ...(manifest.complete === false ? { complete: false as const } : {}),
    calls: sortedCalls(manifest.calls).map((c) => ({
      account: c.account,
      region: c.region,
      call: c.call,
      ...(c.parent === undefined ? {} : { parent: c.parent }),
      status: c.status,
      ...(c.file === undefined ? {} : { file: c.file }),
      ...(c.error === undefined ? {} : { error: { code: c.error.code, message: c.error.message } }),
      items: c.items,
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
