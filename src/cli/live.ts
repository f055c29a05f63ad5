// `netreach assess --live`: collect first (into a temporary folder, or --keep DIR), then assess
// what was collected. The temporary folder is removed afterwards, whatever happened.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { addCollectOptions, collectInto, type RawCollectOptions } from './collect.js';
import type { CliOutput } from './output.js';
import { UsageError } from './usage-error.js';

export interface RawLiveOptions extends RawCollectOptions {
  readonly live?: boolean;
  readonly keep?: string;
}

export function addLiveOptions(assess: Command): Command {
  assess
    .option('--live', 'collect from AWS first (the collect options below), then assess; no <snapshot> then')
    .option('--keep <dir>', 'with --live: write the collected snapshot here (new or empty) instead of a temporary folder');
  return addCollectOptions(assess);
}

const COLLECT_ONLY = ['profile', 'roleArn', 'regions', 'endpointUrl', 'quiet', 'keep'] as const;

/** Runs `assessSnapshot` on `snapshot`, or with --live on a snapshot collected now. */
export async function withSnapshot<T>(
  io: CliOutput,
  snapshot: string | undefined,
  raw: RawLiveOptions,
  toolVersion: string,
  assessSnapshot: (snapshotPath: string) => Promise<T>,
): Promise<T> {
  if (raw.live !== true) {
    const stray = COLLECT_ONLY.find((key) => raw[key] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} goes with --live`);
    if (snapshot === undefined) throw new UsageError("missing required argument 'snapshot' (or --live to collect one now)");
    return assessSnapshot(snapshot);
  }
  if (snapshot !== undefined) throw new UsageError(`--live collects its own snapshot: drop "${snapshot}" (or drop --live)`);
  const folder = raw.keep ?? (await mkdtemp(path.join(tmpdir(), 'netreach-live-')));
  try {
    await collectInto(io, folder, raw, toolVersion);
    return await assessSnapshot(folder);
  } finally {
    if (raw.keep === undefined) await rm(folder, { recursive: true, force: true });
  }
}
