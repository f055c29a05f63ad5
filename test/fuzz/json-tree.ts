// JSON documents as the fuzzer builds them: objects are lists of entries, so a document can hold
// what a JavaScript object literal cannot (`__proto__` as a plain key, duplicate keys), and
// numbers can be written as raw tokens (`1e999`, `-0`, 30 digits) that JSON.stringify never
// produces.

export type JsonTree =
  | null
  | boolean
  | string
  | number
  | { readonly raw: string }
  | readonly JsonTree[]
  | { readonly entries: readonly (readonly [string, JsonTree])[] };

export function obj(entries: readonly (readonly [string, JsonTree])[]): JsonTree {
  return { entries };
}

/** A plain record as a tree, dropping `undefined` fields (optional fields left out). */
export function fields(record: Readonly<Record<string, JsonTree | undefined>>): JsonTree {
  return { entries: Object.entries(record).filter((e): e is [string, JsonTree] => e[1] !== undefined) };
}

export function isEntries(tree: JsonTree): tree is { readonly entries: readonly (readonly [string, JsonTree])[] } {
  return typeof tree === 'object' && tree !== null && !Array.isArray(tree) && 'entries' in tree;
}

function isRaw(tree: JsonTree): tree is { readonly raw: string } {
  return typeof tree === 'object' && tree !== null && !Array.isArray(tree) && 'raw' in tree;
}

/** JSON text; `indent` > 0 pretty-prints as the AWS CLI does. */
export function serialize(tree: JsonTree, indent = 0): string {
  const out: string[] = [];
  const pad = (level: number): string => (indent > 0 ? `\n${' '.repeat(indent * level)}` : '');
  const write = (t: JsonTree, level: number): void => {
    if (t === null || typeof t === 'boolean' || typeof t === 'string') out.push(JSON.stringify(t));
    else if (typeof t === 'number') out.push(Number.isFinite(t) ? JSON.stringify(t) : 'null');
    else if (Array.isArray(t)) {
      if (t.length === 0) {
        out.push('[]');
        return;
      }
      out.push('[');
      t.forEach((v: JsonTree, i) => {
        if (i > 0) out.push(',');
        out.push(pad(level + 1));
        write(v, level + 1);
      });
      out.push(pad(level), ']');
    } else if (isRaw(t)) out.push(t.raw);
    else if (isEntries(t)) {
      if (t.entries.length === 0) {
        out.push('{}');
        return;
      }
      out.push('{');
      t.entries.forEach(([k, v], i) => {
        if (i > 0) out.push(',');
        out.push(pad(level + 1), JSON.stringify(k), indent > 0 ? ': ' : ':');
        write(v, level + 1);
      });
      out.push(pad(level), '}');
    }
  };
  write(tree, 0);
  return out.join('');
}

export type TreePath = readonly (string | number)[];

/** Every node's path, parents before children (the root is []). */
export function treePaths(tree: JsonTree): TreePath[] {
  const paths: TreePath[] = [];
  const visit = (t: JsonTree, path: TreePath): void => {
    paths.push(path);
    if (Array.isArray(t)) t.forEach((v: JsonTree, i) => visit(v, [...path, i]));
    else if (isEntries(t)) t.entries.forEach(([, v], i) => visit(v, [...path, i]));
  };
  visit(tree, []);
  return paths;
}

/** `tree` with the node at `path` (entry indices for objects) replaced by `replace(node)`. */
export function updateAt(tree: JsonTree, path: TreePath, replace: (node: JsonTree) => JsonTree): JsonTree {
  if (path.length === 0) return replace(tree);
  const [head, ...rest] = path;
  if (Array.isArray(tree)) {
    return tree.map((v: JsonTree, i) => (i === head ? updateAt(v, rest, replace) : v));
  }
  if (isEntries(tree)) {
    return { entries: tree.entries.map(([k, v], i) => (i === head ? [k, updateAt(v, rest, replace)] : [k, v])) };
  }
  return tree;
}

/** Removes the node at `path` from its parent list or object (the root cannot be removed). */
export function removeAt(tree: JsonTree, path: TreePath): JsonTree {
  if (path.length === 0) return tree;
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return updateAt(tree, parent, (node) => {
    if (Array.isArray(node)) return node.filter((_: JsonTree, i) => i !== index);
    if (isEntries(node)) return { entries: node.entries.filter((_, i) => i !== index) };
    return node;
  });
}

/** The nesting depth of a tree (a scalar is 0, `[]` is 1). */
export function treeDepth(tree: JsonTree): number {
  if (Array.isArray(tree)) return 1 + Math.max(0, ...tree.map(treeDepth));
  if (isEntries(tree)) return 1 + Math.max(0, ...tree.entries.map(([, v]) => treeDepth(v)));
  return 0;
}

/** The node at `path` (entry indices for objects), or undefined. */
export function nodeAt(tree: JsonTree, path: TreePath): JsonTree | undefined {
  let node: JsonTree | undefined = tree;
  for (const step of path) {
    if (Array.isArray(node)) node = (node as readonly JsonTree[])[step as number];
    else if (node !== undefined && isEntries(node)) node = node.entries[step as number]?.[1];
    else return undefined;
  }
  return node;
}
