// The loader's shell: walk the folder, read each file, sort out its kind, build the model.
import { compareText } from '../model/compare-text.js';
import type { CoverageNote, ListenerData, Network } from '../model/types.js';
import { buildListenerData } from './listener-data-model.js';
import { buildNetwork } from './build-network.js';
import { SnapshotError } from './errors.js';
import { readDocument, type DocumentContext } from './file-kinds.js';
import { fileSize, MalformedJsonError, readJsonFile } from './json-file.js';
import { DEFAULT_LIMITS, type SnapshotLimits } from './limits.js';
import { RawSnapshot } from './raw-snapshot.js';
import { findJsonFiles, type SnapshotFile } from './snapshot-files.js';
import { listenerDataSchema } from './listener-data-schema.js';
import { readStreamedDocument } from './streamed-document.js';
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

/** Reads one file into `ctx`; snapshot files above limits.streamAboveBytes stream (json-stream.ts). */
function readFile(
  ctx: DocumentContext,
  file: SnapshotFile,
  limits: SnapshotLimits,
  read: (ctx: DocumentContext, doc: unknown) => void,
): void {
  const streams = read === readDocument && !ctx.isRootManifest && fileSize(file.absolutePath, file.relativePath, limits) > limits.streamAboveBytes;
  if (streams) readStreamedDocument(ctx, file.absolutePath, limits);
  else read(ctx, readJsonFile(file.absolutePath, file.relativePath, limits));
}

function readFiles(
  files: readonly SnapshotFile[],
  lenient: boolean,
  limits: SnapshotLimits,
  read: (ctx: DocumentContext, doc: unknown) => void,
): ReadResult {
  const raw = new RawSnapshot();
  const coverage: CoverageNote[] = [];
  const warnings: string[] = [];
  let count = 0;
  for (const file of files) {
    const origin = { file: file.relativePath, account: file.account, region: file.region };
    try {
      readFile({ lenient, origin, raw, coverage, warnings, isRootManifest: file.relativePath === 'manifest.json' }, file, limits, read);
    } catch (error) {
      if (!(lenient && error instanceof MalformedJsonError)) throw error;
      coverage.push({ resourceType: 'File', resourceId: file.relativePath, reason: `skipped: ${error.jsonPath}: ${error.problem}`, file: file.relativePath });
      continue;
    }
    count++;
  }
  return { raw, coverage, warnings, files: count };
}

/** A snapshot folder's files read and checked, before the model is built (loadSnapshot's first half). */
export interface ReadSnapshot {
  readonly raw: RawSnapshot;
  readonly coverage: CoverageNote[];
  readonly warnings: readonly string[];
  readonly files: number;
}

export async function readSnapshot(dir: string, options: LoadOptions): Promise<ReadSnapshot> {
  const limits = limitsOf(options);
  const found = findJsonFiles(dir, limits.maxFiles);
  const { raw, coverage, warnings, files } = readFiles(found.files, options.lenient, limits, readDocument);
  if (raw.kindsPresent.size === 0) {
    throw new SnapshotError(
      dir,
      '$',
      files === 0
        ? 'expected a snapshot folder with AWS describe-* JSON files, got no *.json file'
        : `expected AWS describe-* JSON (top-level keys such as Vpcs, Subnets, Reservations), got none in ${files} JSON file${files === 1 ? '' : 's'}`,
    );
  }
  return { raw, coverage, files, warnings: [...found.warnings, ...warnings].sort(compareText) };
}

/** The model of what readSnapshot read (loadSnapshot's second half). */
export function buildSnapshot(read: ReadSnapshot): LoadedSnapshot {
  const listenerData = buildListenerData(read.raw.listenerData);
  return {
    network: buildNetwork(read.raw, [...read.coverage, ...listenerData.coverage]),
    listeners: listenerData.listeners,
    files: read.files,
    warnings: read.warnings,
  };
}

export async function loadSnapshot(dir: string, options: LoadOptions): Promise<LoadedSnapshot> {
  return buildSnapshot(await readSnapshot(dir, options));
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
  const found = findJsonFiles(dir, limits.maxFiles);
  const { raw, coverage, warnings } = readFiles(found.files, options.lenient, limits, (ctx, doc) => {
    const data = checkRecord(ctx, listenerDataSchema, doc, [], 'AWS::EC2::Instance', stringField(doc, 'instanceId'));
    if (data !== null) ctx.raw.listenerData.push({ item: data, origin: ctx.origin });
  });
  const listenerData = buildListenerData(raw.listenerData);
  return {
    listeners: listenerData.listeners,
    coverage: [...coverage, ...listenerData.coverage],
    warnings: [...found.warnings, ...warnings].sort(compareText),
  };
}

/** loadAgentData, strictly: the first bad file is a SnapshotError. */
export async function loadListenerData(dir: string): Promise<ReadonlyMap<string, ListenerData>> {
  return (await loadAgentData(dir, { lenient: false })).listeners;
}
