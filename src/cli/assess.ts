// `netreach assess`: load the snapshot and listener data, run the engine, build findings, report.
import { stat } from 'node:fs/promises';
import type { ListenerData, Network } from '../model/types.js';
import { loadAgentData, loadSnapshot, type LoadedAgentData, type SnapshotLimits } from '../snapshot/index.js';
import { assessNetwork } from '../engine/index.js';
import { buildFindings } from '../findings/build.js';
import { freshListenerData, type MaxAge } from '../findings/listener-freshness.js';
import { atLeast, type Severity } from '../findings/severity.js';
import { buildAssessment, type AssessmentReport } from '../report/assessment.js';
import { reportChunks } from '../report/formats.js';
import { writeFileInChunks } from '../report/write-chunks.js';
import { ReportError } from '../report/report-error.js';
import { applyBaseline, type CalendarDate } from '../findings/baseline.js';
import { baselineFileSchema } from '../report/baseline-file.js';
import { readJsonDocument } from './json-document.js';
import type { CliOutput } from './output.js';
import type { ReportFormat } from './options.js';
import { UsageError } from './usage-error.js';
import { type PhaseLine, withPhaseLine } from './phase-line.js';
import { count } from '../report/table.js';

export interface AssessOptions {
  readonly agentData: string | null;
  /** Listener data collected further than this from the snapshot's collection time is set aside. */
  readonly agentMaxAge: MaxAge;
  readonly format: ReportFormat;
  readonly output: string | null;
  readonly minSeverity: Severity;
  readonly lenient: boolean;
  readonly strict: boolean;
  readonly ephemeralPorts: readonly [number, number];
  readonly onpremCidrs: readonly string[] | null;
  /** What the loader reads of the snapshot and the agent data before refusing it. */
  readonly limits?: Partial<SnapshotLimits>;
  /** Accepted findings to leave out, with the day their expiry is judged against. */
  readonly baseline?: { readonly file: string; readonly asOf: CalendarDate } | null;
}

export interface AssessOutcome {
  readonly report: AssessmentReport;
}

async function requireFolder(path: string, what: string): Promise<void> {
  const found = await stat(path).catch(() => null);
  if (found === null) throw new UsageError(`${what} ${path} does not exist`);
  if (!found.isDirectory()) throw new UsageError(`${what} ${path} is not a folder`);
}

const NO_AGENT_DATA: LoadedAgentData = { listeners: new Map<string, ListenerData>(), coverage: [], warnings: [] };

/** The snapshot's own listener data, with --agent-data's replacing it instance by instance. */
function mergeListeners(
  fromSnapshot: ReadonlyMap<string, ListenerData>,
  fromAgentData: ReadonlyMap<string, ListenerData>,
): Map<string, ListenerData> {
  const merged = new Map(fromSnapshot);
  for (const [instanceId, data] of fromAgentData) merged.set(instanceId, data);
  return merged;
}

/** Listener data for an instance the snapshot does not have: used for nothing, which the user should know (a mistyped id, another account's host). */
function unknownInstances(listeners: ReadonlyMap<string, ListenerData>, network: Network): string[] {
  return [...listeners.keys()].filter((id) => !network.instances.has(id)).map((id) => `listener data for ${id}: no such instance in the snapshot; it is not used`);
}

/** The report in the chosen format, piece by piece; a writer's refusal is the user's to fix (exit 2). */
function render(format: ReportFormat, report: AssessmentReport): Iterable<string> {
  try {
    return reportChunks(format, report);
  } catch (error) {
    if (error instanceof ReportError) throw new UsageError(error.message);
    throw error;
  }
}

async function writeReport(io: CliOutput, output: string | null, chunks: Iterable<string>): Promise<void> {
  if (output === null) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  const cannotWrite = (error: unknown): never => {
    throw new UsageError(`cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`);
  };
  await writeFileInChunks(output, chunks, cannotWrite);
}

export async function assess(io: CliOutput, snapshotPath: string, options: AssessOptions): Promise<AssessOutcome> {
  return withPhaseLine(io, (phase) => assessShowing(phase, io, snapshotPath, options));
}

async function assessShowing(phase: PhaseLine, io: CliOutput, snapshotPath: string, options: AssessOptions): Promise<AssessOutcome> {
  await requireFolder(snapshotPath, 'snapshot folder');
  if (options.agentData !== null) await requireFolder(options.agentData, 'agent data folder');
  const baselineChoice = options.baseline ?? null;
  const baseline = baselineChoice === null ? null : { ...baselineChoice, content: await readJsonDocument(baselineChoice.file, baselineFileSchema) };
  const loadOptions = { lenient: options.lenient, limits: options.limits };
  phase.show(`reading ${snapshotPath}`);
  const snapshot = await loadSnapshot(snapshotPath, loadOptions);
  const agentData = options.agentData === null ? NO_AGENT_DATA : await loadAgentData(options.agentData, loadOptions);
  const listeners = freshListenerData(mergeListeners(snapshot.listeners, agentData.listeners), snapshot.network.collectedAt, options.agentMaxAge);
  phase.show(`analysing ${count(snapshot.network.instances.size, 'instance')} in ${count(snapshot.network.vpcs.size, 'VPC')}`);
  const engine = assessNetwork(snapshot.network, { ephemeralPorts: options.ephemeralPorts, onpremCidrs: options.onpremCidrs });
  // The baseline sees every finding, so an accepted one below --min-severity is not called stale;
  // without one, findings below --min-severity are not made at all.
  const allFindings = buildFindings(engine, listeners.listeners, baseline === null ? options.minSeverity : 'Informational');
  const accepted = baseline === null ? null : applyBaseline(allFindings, baseline.content, baseline.asOf);
  const findings = (accepted?.remaining ?? allFindings).filter((f) => atLeast(f.severity, options.minSeverity));
  const assessment = buildAssessment({
    snapshot: snapshotPath,
    network: snapshot.network,
    fileCount: snapshot.files,
    engine,
    findings,
    options: { ephemeralPorts: options.ephemeralPorts, onpremCidrs: options.onpremCidrs, minSeverity: options.minSeverity },
    baseline:
      baseline === null || accepted === null
        ? null
        : { file: baseline.file, asOf: baseline.asOf, suppressed: accepted.suppressed, expired: accepted.expired, stale: accepted.stale },
    warnings: [...snapshot.warnings, ...agentData.warnings.map((w) => `--agent-data ${w}`), ...unknownInstances(listeners.listeners, snapshot.network)],
    coverage: [...agentData.coverage, ...listeners.coverage],
  });
  const report: AssessmentReport = { assessment, findings };
  // The report on stdout shares the terminal with the line: it goes.
  if (options.output === null) phase.clear();
  else phase.show(`writing ${findings.length} findings to ${options.output}`);
  await writeReport(io, options.output, render(options.format, report));
  return { report };
}
