import type { CoverageNote, PrefixList } from '../model/types.js';
import type { RawPrefixList, RawPrefixListEntries } from './ec2-schemas.js';
import { indexById, unionInOrder } from './merge.js';
import type { Found } from './raw-snapshot.js';

/**
 * Managed prefix lists: describe-managed-prefix-lists gives the list without its CIDRs
 * (get-managed-prefix-list-entries adds them); the older describe-prefix-lists has Cidrs.
 */
export function buildPrefixLists(
  lists: readonly Found<RawPrefixList>[],
  entries: readonly Found<RawPrefixListEntries>[],
  incomplete: ReadonlySet<string>,
  coverage: CoverageNote[],
): Map<string, PrefixList> {
  const firstFile = new Map<string, string>();
  const records: PrefixList[] = [];
  for (const { item, origin } of lists) {
    if (!firstFile.has(item.PrefixListId)) firstFile.set(item.PrefixListId, origin.file);
    records.push({ id: item.PrefixListId, name: item.PrefixListName ?? null, cidrs: item.Cidrs ?? null });
  }
  for (const { item, origin } of entries) {
    if (!firstFile.has(item.PrefixListId)) firstFile.set(item.PrefixListId, origin.file);
    records.push({ id: item.PrefixListId, name: null, cidrs: item.Entries.map((e) => e.Cidr) });
  }
  const merged = indexById(records, (kept, other) => ({
    id: kept.id,
    name: kept.name ?? other.name,
    cidrs: kept.cidrs === null ? other.cidrs : other.cidrs === null ? kept.cidrs : unionInOrder(kept.cidrs, other.cidrs),
  }));
  for (const [id, list] of merged) {
    const partial = incomplete.has(id);
    if (partial) merged.set(id, { ...list, cidrs: null });
    if (partial || list.cidrs === null) {
      coverage.push({
        resourceType: 'AWS::EC2::PrefixList',
        resourceId: id,
        reason: partial ? 'prefix list entries skipped (invalid), treated as not collected' : 'prefix list entries not collected',
        file: firstFile.get(id) ?? null,
      });
    }
  }
  return merged;
}
