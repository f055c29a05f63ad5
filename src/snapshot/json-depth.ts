// How deeply a JSON file nests, checked against --max-depth. A parsed document is walked (a few
// tens of milliseconds for an 80 MB file, where scanning its text character by character takes
// most of a second); the text is scanned only when JSON.parse refused it, to tell a file nested
// too deep from one that is merely broken, as the limit is named first when both hold.

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The nesting depth of JSON text, counted outside strings (stops early past `limit`). */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Whether a parsed JSON document nests lists and objects more than `limit` deep (`[]` is one
 * level), as nestingDepth counts its text. Iterative: --max-depth goes up to 10,000 levels, more
 * than a recursive walk could take on Node's default stack.
 */
export function nestedDeeperThan(document: unknown, limit: number): boolean {
  if (typeof document !== 'object' || document === null) return false;
  // Containers still to look into, with their depths; children are read in place (no
  // Object.values copy per object: the large estate has millions of small objects).
  const containers: object[] = [document];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const value = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === 'object' && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      const record = value as Record<string, unknown>;
      // JSON.parse makes plain objects: every enumerable key is the object's own.
      for (const key in record) {
        const child = record[key];
        if (typeof child === 'object' && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
