// The fuzz corpus in .fuzz/ (gitignored): inputs that showed an outcome no earlier input showed
// (a new error message shape, JSON path, skipped part or warning) and inputs that failed the
// oracle, each a JSON file that replay.ts runs again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseFile, SnapshotCase } from './snapshot-case.js';

export interface StoredFile {
  readonly path: string;
  readonly base64: string;
}

export type StoredCase =
  | { readonly kind: 'snapshot'; readonly files: StoredFile[]; readonly agentFiles: StoredFile[] | null }
  | { readonly kind: 'import'; readonly from: 'ss' | 'netstat-windows'; readonly capture: string; readonly tasklist: string | null };

export interface CorpusEntry {
  readonly case: StoredCase;
  readonly origin: string;
  readonly features: readonly string[];
  readonly problems: readonly string[];
}

function store(files: readonly CaseFile[]): StoredFile[] {
  return files.map((f) => ({ path: f.path, base64: Buffer.from(f.content).toString('base64') }));
}

function restore(files: readonly StoredFile[]): CaseFile[] {
  return files.map((f) => ({ path: f.path, content: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
}

export function storedSnapshotCase(c: SnapshotCase): StoredCase {
  return { kind: 'snapshot', files: store(c.files), agentFiles: c.agentFiles === null ? null : store(c.agentFiles) };
}

export function snapshotCaseOf(stored: StoredCase): SnapshotCase | null {
  if (stored.kind !== 'snapshot') return null;
  return { files: restore(stored.files), agentFiles: stored.agentFiles === null ? null : restore(stored.agentFiles) };
}

export class Corpus {
  readonly features = new Set<string>();
  /** Snapshot inputs kept this campaign (they seed further byte mutation). */
  readonly snapshots: SnapshotCase[] = [];
  added = 0;
  failures = 0;
  private readonly failureKinds = new Set<string>();

  constructor(private readonly root: string | null) {
    if (root !== null) {
      mkdirSync(path.join(root, 'corpus'), { recursive: true });
      mkdirSync(path.join(root, 'failures'), { recursive: true });
    }
  }

  /** Entries kept by earlier campaigns. */
  previous(): CorpusEntry[] {
    if (this.root === null) return [];
    const dir = path.join(this.root, 'corpus');
    return readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as CorpusEntry);
  }

  /** Learns the features of an earlier entry without writing it again. */
  remember(entry: CorpusEntry): void {
    for (const f of entry.features) this.features.add(f);
    const snapshot = snapshotCaseOf(entry.case);
    if (snapshot !== null) this.snapshots.push(snapshot);
  }

  private write(folder: string, entry: CorpusEntry): string {
    const text = `${JSON.stringify(entry, null, 1)}\n`;
    const name = `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
    if (this.root !== null) writeFileSync(path.join(this.root, folder, name), text);
    return name;
  }

  /** Keeps `entry` when it shows a new feature; returns whether it did. */
  offer(entry: CorpusEntry, snapshot: SnapshotCase | null): boolean {
    const fresh = entry.features.filter((f) => !this.features.has(f));
    if (fresh.length === 0) return false;
    for (const f of fresh) this.features.add(f);
    this.added++;
    if (snapshot !== null) this.snapshots.push(snapshot);
    this.write('corpus', entry);
    return true;
  }

  /** Records a failure; returns the file it was written to (null for a failure kind seen before). */
  fail(entry: CorpusEntry): string | null {
    this.failures++;
    const kind = entry.problems.map((p) => p.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\d+/g, '#').slice(0, 120)).join(' / ');
    if (this.failureKinds.has(kind)) return null;
    this.failureKinds.add(kind);
    return this.write('failures', entry);
  }

  get distinctFailures(): number {
    return this.failureKinds.size;
  }
}
