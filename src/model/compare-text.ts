// One string order for everything netreach sorts: by UTF-16 code unit, never by locale, so the
// output is the same on every machine.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
