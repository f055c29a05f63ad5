// Runs a stored fuzz case again (a corpus entry or a failure) and, with --minimize, shrinks a
// failing snapshot case: drops files, then lines, then characters while the same problem stays.
//
//   node --import tsx test/fuzz/replay.ts .fuzz/failures/<hash>.json [--minimize]
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runImport } from './capture-case.js';
import { CliRunner } from './cli-runner.js';
import { snapshotCaseOf, storedSnapshotCase, type CorpusEntry } from './corpus.js';
import { runSnapshotCase, type CaseFile, type SnapshotCase } from './snapshot-case.js';

function problemKind(problems: readonly string[]): string {
  return (problems[0] ?? '').replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\d+/g, '#').slice(0, 80);
}

/** Removes chunks of `units` (halving the chunk size) while `stillFails` holds. */
async function shrinkUnits(units: string[], stillFails: (units: string[]) => Promise<boolean>): Promise<string[]> {
  let current = units;
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let at = 0; at < current.length; ) {
      const candidate = [...current.slice(0, at), ...current.slice(at + chunk)];
      if (candidate.length > 0 && (await stillFails(candidate))) current = candidate;
      else at += chunk;
    }
    if (chunk === 1) break;
  }
  return current;
}

export async function minimize(runner: CliRunner, c: SnapshotCase): Promise<SnapshotCase> {
  const target = problemKind((await runSnapshotCase(runner, c)).problems);
  if (target === '') return c;
  const fails = async (candidate: SnapshotCase): Promise<boolean> => problemKind((await runSnapshotCase(runner, candidate)).problems) === target;
  let current = c;
  for (const file of [...current.files]) {
    const without = { ...current, files: current.files.filter((f) => f !== file) };
    if (without.files.length > 0 && (await fails(without))) current = without;
  }
  const decoder = new TextDecoder();
  for (let i = 0; i < current.files.length; i++) {
    const text = typeof current.files[i].content === 'string' ? (current.files[i].content as string) : decoder.decode(current.files[i].content as Uint8Array);
    const withText = (t: string): SnapshotCase => ({ ...current, files: current.files.map((f, j): CaseFile => (j === i ? { path: f.path, content: t } : f)) });
    const lines = await shrinkUnits(text.split(/(?<=\n)/), (units) => fails(withText(units.join(''))));
    const chars = lines.join('').length <= 4000 ? await shrinkUnits([...lines.join('')], (units) => fails(withText(units.join('')))) : lines;
    current = withText(chars.join(''));
  }
  return current;
}

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { minimize: { type: 'boolean', default: false } } });
  const runner = new CliRunner();
  try {
    for (const file of positionals) {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry;
      const snapshot = snapshotCaseOf(entry.case);
      if (entry.case.kind === 'import' || snapshot === null) {
        const { problems } = entry.case.kind === 'import' ? await runImport(runner, entry.case.from, entry.case.capture, entry.case.tasklist) : { problems: ['not a case'] };
        console.log(`${file}: ${problems.length === 0 ? 'passes now' : problems.join('\n  ')}`);
        continue;
      }
      const verdict = await runSnapshotCase(runner, snapshot);
      console.log(`${file}: ${verdict.problems.length === 0 ? 'passes now' : verdict.problems.join('\n  ')}`);
      if (values.minimize && verdict.problems.length > 0) {
        const small = await minimize(runner, snapshot);
        const out = file.replace(/\.json$/, '.min.json');
        writeFileSync(out, `${JSON.stringify({ ...entry, case: storedSnapshotCase(small) }, null, 1)}\n`);
        for (const f of small.files) console.log(`--- ${JSON.stringify(f.path)}\n${JSON.stringify(Buffer.from(f.content).toString('utf8'))}`);
        console.log(`minimized → ${out}`);
      }
    }
  } finally {
    await runner.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await cli();
