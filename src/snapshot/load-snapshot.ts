// The loader's shell: walk the folder, read each file, sort out its kind, build the model.
import type { CoverageNote, ListenerData, Network } from '../model/types.js';
import { buildListenerData } from './listener-data-model.js';
import { buildNetwork } from './build-network.js';
import { SnapshotError } from './errors.js';
import { readDocument, type DocumentContext } from './file-kinds.js';
import { MalformedJsonError, readJsonFile } from './json-file.js';
import { DEFAULT_LIMITS, type SnapshotLimits } from './limits.js';
import { byCodeUnit } from './merge.js';
import { RawSnapshot } from './raw-snapshot.js';
import { findJsonFiles, type SnapshotFile } from './snapshot-files.js';
import { listenerDataSchema } from './listener-data-schema.js';
import { checkRecord, stringField } from './record-check.js';

export interface LoadOptions {
  /** Skip invalid parts (listing them in the coverage) instead of failing at the first one. */
  readonly lenient: boolean;
  /** File size, nesting depth and file count limits; DEFAULT_LIMITS for those not given. */
  readonly limits?: Partial<SnapshotLimits>;
}

function limitsOf(options: LoadOptions): SnapshotLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

export interface LoadedSnapshot {
  readonly network: Network;
  /** Listener data found inside the snapshot folder, by instance id. */
  readonly listeners: ReadonlyMap<string, ListenerData>;
  /** JSON files read. */
  readonly files: number;
  /** Sorted, e.g. "aws_configs/AvailabilityZones.json: unknown top-level key 'AvailabilityZones', skipped". */
  readonly warnings: readonly string[];
}

interface ReadResult {
  readonly raw: RawSnapshot;
  readonly coverage: CoverageNote[];
  readonly warnings: string[];
  readonly files: number;
}

async function readFiles(
  files: readonly SnapshotFile[],
  lenient: boolean,
  limits: SnapshotLimits,
  read: (ctx: DocumentContext, doc: unknown) => void,
): Promise<ReadResult> {
  const raw = new RawSnapshot();
  const coverage: CoverageNote[] = [];
  const warnings: string[] = [];
  let count = 0;
  for (const file of files) {
    const origin = { file: file.relativePath, account: file.account, region: file.region };
    let doc: unknown;
    try {
      doc = await readJsonFile(file.absolutePath, file.relativePath, limits);
    } catch (error) {
      if (!(lenient && error instanceof MalformedJsonError)) throw error;
      coverage.push({ resourceType: 'File', resourceId: file.relativePath, reason: `skipped: ${error.jsonPath}: ${error.problem}`, file: file.relativePath });
      continue;
    }
    count++;
    read({ lenient, origin, raw, coverage, warnings, isRootManifest: file.relativePath === 'manifest.json' }, doc);
  }
  return { raw, coverage, warnings, files: count };
}

export async function loadSnapshot(dir: string, options: LoadOptions): Promise<LoadedSnapshot> {
  const limits = limitsOf(options);
  const found = await findJsonFiles(dir, limits.maxFiles);
  const { raw, coverage, warnings, files } = await readFiles(found.files, options.lenient, limits, readDocument);
  if (raw.kindsPresent.size === 0) {
    throw new SnapshotError(
      dir,
      '$',
      files === 0
        ? 'expected a snapshot folder with AWS describe-* JSON files, got no *.json file'
        : `expected AWS describe-* JSON (top-level keys such as Vpcs, Subnets, Reservations), got none in ${files} JSON file${files === 1 ? '' : 's'}`,
    );
  }
  return {
    network: buildNetwork(raw, coverage),
    listeners: buildListenerData(raw.listenerData),
    files,
    warnings: [...found.warnings, ...warnings].sort(byCodeUnit),
  };
}

export interface LoadedAgentData {
  /** Listener data by instance id. */
  readonly listeners: ReadonlyMap<string, ListenerData>;
  /** Files lenient loading skipped (and why). */
  readonly coverage: readonly CoverageNote[];
  readonly warnings: readonly string[];
}

/** `--agent-data DIR`: every *.json below `dir`, each one instance's listener data. */
export async function loadAgentData(dir: string, options: LoadOptions): Promise<LoadedAgentData> {
  const limits = limitsOf(options);
  const found = await findJsonFiles(dir, limits.maxFiles);
  const { raw, coverage, warnings } = await readFiles(found.files, options.lenient, limits, (ctx, doc) => {
    const data = checkRecord(ctx, listenerDataSchema, doc, [], 'AWS::EC2::Instance', stringField(doc, 'instanceId'));
    if (data !== null) ctx.raw.listenerData.push({ item: data, origin: ctx.origin });
  });
  return {
    listeners: buildListenerData(raw.listenerData),
    coverage,
    warnings: [...found.warnings, ...warnings].sort(byCodeUnit),
  };
}

/** loadAgentData, strictly: the first bad file is a SnapshotError. */
export async function loadListenerData(dir: string): Promise<ReadonlyMap<string, ListenerData>> {
  return (await loadAgentData(dir, { lenient: false })).listeners;
}
