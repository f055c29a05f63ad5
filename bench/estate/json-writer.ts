// Writes describe-* output the way `aws ... --output json` prints it (4-space indent) without
// ever building the whole file as one string: a 100,000-instance describe-instances is larger
// than the longest string V8 can hold.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';

const CHUNK_CHARS = 1 << 20;

export class JsonListWriter {
  private readonly stream: WriteStream;
  private pending = '';
  private count = 0;
  private readonly indent: string;

  /** A file `{ "<key>": [ ...items ], ...trailer }`; items are written one by one with add(). */
  constructor(path: string, key: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path);
    this.indent = ' '.repeat(8);
    this.pending = `{\n    ${JSON.stringify(key)}: [`;
  }

  async add(item: unknown): Promise<void> {
    const text = JSON.stringify(item, null, 4).replace(/\n/g, `\n${this.indent}`);
    this.pending += `${this.count === 0 ? '' : ','}\n${this.indent}${text}`;
    this.count++;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const ready = this.stream.write(this.pending);
    this.pending = '';
    if (!ready) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.pending += this.count === 0 ? ']\n}\n' : '\n    ]\n}\n';
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** A whole small document (a per-parent call's output, the manifest). */
export async function writeDocument(path: string, doc: unknown): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  stream.end(`${JSON.stringify(doc, null, 4)}\n`);
  await once(stream, 'finish');
}

/** Writes a list of records held in memory (the small kinds). */
export async function writeList(path: string, key: string, items: readonly unknown[]): Promise<void> {
  const writer = new JsonListWriter(path, key);
  for (const item of items) await writer.add(item);
  await writer.close();
}
