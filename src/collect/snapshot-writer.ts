// Writes the snapshot folder: <account>/<region>/<call>.json for a region's call, and
// <account>/<region>/<call>/<parent>.json for a per-parent call, each the JSON AWS returned.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prettyJsonChunks } from '../report/pretty-json.js';
import { writeFileInChunks } from '../report/write-chunks.js';

/** A parent id or ARN as a file name: arn:…:targetgroup/web/73e2d6bc → targetgroup-web-73e2d6bc. */
export function parentFileName(parent: string): string {
  const resource = parent.startsWith('arn:') ? parent.split(':').slice(5).join(':') : parent;
  return resource.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'parent';
}

export class SnapshotWriter {
  private readonly folders = new Set<string>();

  constructor(readonly root: string) {}

  /**
   * Writes `doc` at `relativePath` ('/'-separated) as `JSON.stringify(doc, null, 2)` and a newline,
   * and returns that path. The text goes out in chunks: the describe-instances of a region with
   * 100,000 instances is longer than the longest string V8 can hold.
   */
  async write(relativePath: string, doc: object): Promise<string> {
    const chunks = Array.isArray(doc)
      ? [`${JSON.stringify(doc, null, 2)}\n`]
      : prettyJsonChunks(doc);
    await writeFileInChunks(await this.target(relativePath), chunks);
    return relativePath;
  }

  async writeText(relativePath: string, text: string): Promise<string> {
    await writeFile(await this.target(relativePath), text, 'utf8');
    return relativePath;
  }

  /** The file's path, its folder made when it is the first file there. */
  private async target(relativePath: string): Promise<string> {
    const target = path.join(this.root, ...relativePath.split('/'));
    const folder = path.dirname(target);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    return target;
  }
}
