// One fuzz input for `netreach assess`: the files of a snapshot folder (and maybe of an
// --agent-data folder), written to a fresh temp folder, run strict, lenient, strict again and as
// a table, and judged by the oracle.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliRunner } from './cli-runner.js';
import { checkAssessRuns, escapedForMessage, type AssessVerdict } from './oracle.js';

export interface CaseFile {
  /** Relative to the snapshot (or agent data) folder, '/'-separated. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface SnapshotCase {
  readonly files: readonly CaseFile[];
  /** Files for --agent-data, when the case has them. */
  readonly agentFiles: readonly CaseFile[] | null;
}

async function writeFiles(dir: string, files: readonly CaseFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

export function assessArgvs(snapshotDir: string, agentDir: string | null): string[][] {
  const agent = agentDir === null ? [] : ['--agent-data', agentDir];
  return [
    ['assess', snapshotDir, '--format', 'json', ...agent],
    ['assess', snapshotDir, '--format', 'json', '--lenient', ...agent],
    ['assess', snapshotDir, '--format', 'json', ...agent],
    ['assess', snapshotDir, '--format', 'table', '--lenient', ...agent],
  ];
}

/** Writes `c`, runs it four ways and judges the runs; the temp folder is removed afterwards. */
export async function runSnapshotCase(runner: CliRunner, c: SnapshotCase): Promise<AssessVerdict> {
  const root = await mkdtemp(path.join(tmpdir(), 'netreach-fuzz-'));
  try {
    const snapshotDir = path.join(root, 'snapshot');
    const agentDir = c.agentFiles === null ? null : path.join(root, 'agent-data');
    await writeFiles(snapshotDir, c.files);
    if (agentDir !== null && c.agentFiles !== null) await writeFiles(agentDir, c.agentFiles);
    const results = await runner.run(assessArgvs(snapshotDir, agentDir));
    const [strict, lenient, strictAgain, lenientTable] = [0, 1, 2, 3].map((i) => results[i] ?? results[results.length - 1]);
    const places = [
      snapshotDir,
      ...c.files.map((f) => f.path),
      ...(agentDir === null ? [] : [agentDir, ...(c.agentFiles ?? []).map((f) => f.path)]),
    ];
    // Files by the name a message shows; a name both folders have is left out (ambiguous).
    const all = [...c.files, ...(c.agentFiles ?? [])];
    const contents = new Map<string, string | Uint8Array>();
    const shown = all.map((f) => [escapedForMessage(f.path), f.content] as const);
    for (const [name, content] of shown) if (shown.filter(([other]) => other === name).length === 1) contents.set(name, content);
    return checkAssessRuns({ strict, lenient, strictAgain, lenientTable }, places, contents, all.map((f) => f.content));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
