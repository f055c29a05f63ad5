// Turning hop cells into the engine's output cells: full network paths, and neighbouring port
// ranges with the same sources and the same explanation merged into one.
import type { GroupAdmission, PathStep, ReachCell } from './types.js';

function sameGroups(a: readonly GroupAdmission[], b: readonly GroupAdmission[]): boolean {
  return (
    a.length === b.length &&
    a.every((g, i) => g.groupId === b[i]!.groupId && g.sources.equals(b[i]!.sources) && g.rules.join('\n') === b[i]!.rules.join('\n'))
  );
}

function samePath(a: readonly PathStep[], b: readonly PathStep[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => s.componentType === b[i]!.componentType && s.componentId === b[i]!.componentId && s.rule === b[i]!.rule)
  );
}

/** Sorted by protocol then port, adjacent equal cells merged. */
export function mergeCells(cells: readonly ReachCell[]): ReachCell[] {
  const sorted = [...cells].sort((a, b) => (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : a.ports[0] - b.ports[0]));
  const out: ReachCell[] = [];
  for (const cell of sorted) {
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.protocol === cell.protocol &&
      last.ports[1] + 1 === cell.ports[0] &&
      last.sources.equals(cell.sources) &&
      sameGroups(last.groups, cell.groups) &&
      samePath(last.networkPath, cell.networkPath)
    ) {
      out[out.length - 1] = { ...last, ports: [last.ports[0], cell.ports[1]] };
    } else out.push(cell);
  }
  return out;
}
