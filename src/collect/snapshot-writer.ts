// Writes the snapshot folder: <account>/<region>/<call>.json for a region's call, and
// <account>/<region>/<call>/<parent>.json for a per-parent call, each the JSON AWS returned.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A parent id or ARN as a file name: arn:…:targetgroup/web/73e2d6bc → targetgroup-web-73e2d6bc. */
export function parentFileName(parent: string): string {
  const resource = parent.startsWith('arn:') ? parent.split(':').slice(5).join(':') : parent;
  return resource.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'parent';
}

export class SnapshotWriter {
  private readonly folders = new Set<string>();

  constructor(readonly root: string) {}

  /** Writes `doc` at `relativePath` ('/'-separated) and returns that path. */
  async write(relativePath: string, doc: object): Promise<string> {
    return this.writeText(relativePath, `${JSON.stringify(doc, null, 2)}\n`);
  }

  async writeText(relativePath: string, text: string): Promise<string> {
    const target = path.join(this.root, ...relativePath.split('/'));
    const folder = path.dirname(target);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    await writeFile(target, text, 'utf8');
    return relativePath;
  }
}
