// The loader's shell: walk the folder, read each file, sort out its kind, build the model.
import type { CoverageNote, ListenerData, Network } from '../model/types.js';
import { buildListenerData } from './listener-data-model.js';
import { buildNetwork } from './build-network.js';
import { SnapshotError } from './errors.js';
import { readDocument, type DocumentContext } from './file-kinds.js';
import { MalformedJsonError, readJsonFile } from './json-file.js';
import { byCodeUnit } from './merge.js';
import { RawSnapshot } from './raw-snapshot.js';
import { findJsonFiles, type SnapshotFile } from './snapshot-files.js';
import { listenerDataSchema } from './listener-data-schema.js';
import { checkRecord, stringField } from './record-check.js';

export interface LoadOptions {
  /** Skip invalid parts (listing them in the coverage) instead of failing at the first one. */
  readonly lenient: boolean;
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
      doc = await readJsonFile(file.absolutePath, file.relativePath);
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
  const found = await findJsonFiles(dir);
  const { raw, coverage, warnings, files } = await readFiles(found.files, options.lenient, readDocument);
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

/** `--agent-data DIR`: every *.json below `dir`, each one instance's listener data. */
export async function loadListenerData(dir: string): Promise<ReadonlyMap<string, ListenerData>> {
  const found = await findJsonFiles(dir);
  const { raw } = await readFiles(found.files, false, (ctx, doc) => {
    const data = checkRecord(ctx, listenerDataSchema, doc, [], 'AWS::EC2::Instance', stringField(doc, 'instanceId'));
    if (data !== null) ctx.raw.listenerData.push({ item: data, origin: ctx.origin });
  });
  return buildListenerData(raw.listenerData);
}
